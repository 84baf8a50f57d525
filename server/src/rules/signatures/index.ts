import { Rule } from '../types';
import { unknownKeywordArgument } from './SM801-unknown-keyword-argument';
import { droppedKeywordArgument } from './SM802-dropped-keyword-argument';
import { missingRequiredArgument } from './SM803-missing-required-argument';
import { tooManyPositionalArguments } from './SM804-too-many-positional-arguments';
import { wrongArgumentType } from './SM805-wrong-argument-type';
import { pipelineVariableRejected } from './SM806-pipeline-variable-rejected';

/** Calls checked against the SDK's own signatures (server/src/semantic/sdk/signatures). */
export const SIGNATURE_RULES: readonly Rule[] = [unknownKeywordArgument, droppedKeywordArgument, missingRequiredArgument, tooManyPositionalArguments, wrongArgumentType, pipelineVariableRejected];
