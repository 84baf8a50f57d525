import { Rule } from '../types';
import { v1RenamedParameter } from './SM601-v1-renamed-parameter';
import { v1DeprecatedAlias, v1RemovedName } from './SM602-v1-removed-name';
import { getImageUri } from './SM604-get-image-uri';
import { nonexistentSdkImport } from './SM605-nonexistent-sdk-import';
import { v2ImportInV3Project } from './SM606-v2-import-in-v3-project';
import { v2NoOpArgument } from './SM607-v2-no-op-argument';
import { v2RemovedFunction } from './SM608-v2-removed-function';
import { v2StepArgumentsInV3 } from './SM609-v2-step-arguments-in-v3';

/** SDK migrations and deprecations (SM601-SM6xx), in code order. */
export const MIGRATION_RULES: readonly Rule[] = [v1RenamedParameter, v1RemovedName, v1DeprecatedAlias, getImageUri, nonexistentSdkImport, v2ImportInV3Project, v2NoOpArgument, v2RemovedFunction, v2StepArgumentsInV3];
