import { Rule } from '../types';
import { processingPathOutsideOptMl } from './SM510-processing-path-outside-opt-ml';
import { duplicateProcessingPath } from './SM511-duplicate-processing-path';
import { duplicateProcessingName } from './SM512-duplicate-processing-name';
import { tooManyProcessingIo } from './SM513-too-many-processing-io';
import { processingInputWithoutDestination } from './SM514-processing-input-without-destination';
import { localSourceInPipeline } from './SM515-local-source-in-pipeline';
import { trainingInputLocalPath } from './SM516-training-input-local-path';
import { invalidS3Uri } from './SM517-invalid-s3-uri';
import { httpsS3Url } from './SM518-https-s3-url';
import { malformedRoleArn } from './SM519-malformed-role-arn';
import { singleValueForList } from './SM520-single-value-for-list';
import { invalidIoEnumValue } from './SM521-invalid-io-enum-value';
import { incompleteAthenaDataset } from './SM522-incomplete-athena-dataset';
import { unreplacedPlaceholder } from './SM523-unreplaced-placeholder';
import { datasetDefinitionWithoutLocalPath } from './SM524-dataset-definition-without-local-path';
import { incompleteRedshiftDataset } from './SM525-incomplete-redshift-dataset';
import { featureStoreOutputWithoutAppManaged } from './SM526-feature-store-output-without-app-managed';

/** Inputs, outputs, S3 URIs and roles (SM510-SM5xx), in code order. */
export const INPUT_RULES: readonly Rule[] = [
  processingPathOutsideOptMl,
  duplicateProcessingPath,
  duplicateProcessingName,
  tooManyProcessingIo,
  processingInputWithoutDestination,
  localSourceInPipeline,
  trainingInputLocalPath,
  invalidS3Uri,
  httpsS3Url,
  malformedRoleArn,
  singleValueForList,
  invalidIoEnumValue,
  incompleteAthenaDataset,
  unreplacedPlaceholder,
  datasetDefinitionWithoutLocalPath,
  incompleteRedshiftDataset,
  featureStoreOutputWithoutAppManaged,
];
