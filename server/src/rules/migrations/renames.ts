/**
 * What `sagemaker-upgrade-v2` rewrites (v2.257.6 src/sagemaker/cli/compatibility/v2/modifiers/*.py),
 * as tables the SM6xx rules share.
 */

export const V2_DOC = 'https://sagemaker.readthedocs.io/en/stable/v2.html';

/** A v1 name and its v2 replacement. `object`: a module-level instance in v1, a class to instantiate in v2. */
export interface NameRename {
  readonly old: readonly string[];
  readonly newModule: string;
  readonly newName: string;
  readonly object?: boolean;
  readonly modifier: string;
}

const predictorSerde = (old: string, module: 'serializers' | 'deserializers', name: string): NameRename => ({ old: [`sagemaker.predictor.${old}`], newModule: `sagemaker.${module}`, newName: name, modifier: 'serde.py' });
const predictorObject = (old: string, module: 'serializers' | 'deserializers', name: string): NameRename => ({ old: [`sagemaker.predictor.${old}`, `sagemaker.base_predictor.${old}`], newModule: `sagemaker.${module}`, newName: name, object: true, modifier: 'serde.py' });

export const NAME_RENAMES: readonly NameRename[] = [
  { old: ['sagemaker.session.s3_input', 'sagemaker.s3_input'], newModule: 'sagemaker.inputs', newName: 'TrainingInput', modifier: 'training_input.py' },
  { old: ['sagemaker.session.ShuffleConfig'], newModule: 'sagemaker.inputs', newName: 'ShuffleConfig', modifier: 'training_input.py' },
  { old: ['sagemaker.predictor.RealTimePredictor', 'sagemaker.RealTimePredictor', 'sagemaker.base_predictor.RealTimePredictor'], newModule: 'sagemaker.predictor', newName: 'Predictor', modifier: 'predictors.py' },
  { old: ['sagemaker.tensorflow.serving.Model'], newModule: 'sagemaker.tensorflow', newName: 'TensorFlowModel', modifier: 'tfs.py' },
  { old: ['sagemaker.tensorflow.serving.Predictor'], newModule: 'sagemaker.tensorflow', newName: 'TensorFlowPredictor', modifier: 'tfs.py' },
  predictorSerde('_CsvSerializer', 'serializers', 'CSVSerializer'),
  predictorSerde('_JsonSerializer', 'serializers', 'JSONSerializer'),
  predictorSerde('_NpySerializer', 'serializers', 'NumpySerializer'),
  predictorSerde('_CsvDeserializer', 'deserializers', 'CSVDeserializer'),
  predictorSerde('_JsonDeserializer', 'deserializers', 'JSONDeserializer'),
  predictorSerde('_NumpyDeserializer', 'deserializers', 'NumpyDeserializer'),
  predictorSerde('StringDeserializer', 'deserializers', 'StringDeserializer'),
  predictorSerde('BytesDeserializer', 'deserializers', 'BytesDeserializer'),
  predictorSerde('StreamDeserializer', 'deserializers', 'StreamDeserializer'),
  { old: ['sagemaker.amazon.common.numpy_to_record_serializer'], newModule: 'sagemaker.amazon.common', newName: 'RecordSerializer', modifier: 'serde.py' },
  { old: ['sagemaker.amazon.common.record_deserializer'], newModule: 'sagemaker.amazon.common', newName: 'RecordDeserializer', modifier: 'serde.py' },
  // Deprecated aliases v2 itself added (serializers.py L159, deserializers.py L157).
  { old: ['sagemaker.serializers.numpy_to_record_serializer'], newModule: 'sagemaker.serializers', newName: 'RecordSerializer', modifier: 'serde.py' },
  { old: ['sagemaker.deserializers.record_deserializer'], newModule: 'sagemaker.deserializers', newName: 'RecordDeserializer', modifier: 'serde.py' },
  predictorObject('csv_serializer', 'serializers', 'CSVSerializer'),
  predictorObject('json_serializer', 'serializers', 'JSONSerializer'),
  predictorObject('npy_serializer', 'serializers', 'NumpySerializer'),
  predictorObject('csv_deserializer', 'deserializers', 'CSVDeserializer'),
  predictorObject('json_deserializer', 'deserializers', 'JSONDeserializer'),
  predictorObject('numpy_deserializer', 'deserializers', 'NumpyDeserializer'),
];

const byOldPath = new Map<string, NameRename>();
for (const rename of NAME_RENAMES) for (const old of rename.old) byOldPath.set(old, rename);

export function renameForPath(path: string): NameRename | undefined {
  return byOldPath.get(path);
}

/** A keyword renamed on calls of some callables (matched by the fully qualified path of the callee). */
export interface ParamRename {
  readonly old: string;
  readonly new: string;
  readonly callees: ReadonlySet<string>;
  readonly modifier: string;
}

function paths(table: Record<string, readonly string[]>): Set<string> {
  const result = new Set<string>();
  for (const [name, namespaces] of Object.entries(table)) for (const ns of namespaces) result.add(`${ns}.${name}`);
  return result;
}

/** training_params.py ESTIMATORS */
const ESTIMATORS = paths({
  AlgorithmEstimator: ['sagemaker', 'sagemaker.algorithm'],
  AmazonAlgorithmEstimatorBase: ['sagemaker.amazon.amazon_estimator'],
  Chainer: ['sagemaker.chainer', 'sagemaker.chainer.estimator'],
  Estimator: ['sagemaker.estimator'],
  EstimatorBase: ['sagemaker.estimator'],
  FactorizationMachines: ['sagemaker', 'sagemaker.amazon.factorization_machines'],
  Framework: ['sagemaker.estimator'],
  IPInsights: ['sagemaker', 'sagemaker.amazon.ipinsights'],
  KMeans: ['sagemaker', 'sagemaker.amazon.kmeans'],
  KNN: ['sagemaker', 'sagemaker.amazon.knn'],
  LDA: ['sagemaker', 'sagemaker.amazon.lda'],
  LinearLearner: ['sagemaker', 'sagemaker.amazon.linear_learner'],
  MXNet: ['sagemaker.mxnet', 'sagemaker.mxnet.estimator'],
  NTM: ['sagemaker', 'sagemaker.amazon.ntm'],
  Object2Vec: ['sagemaker', 'sagemaker.amazon.object2vec'],
  PCA: ['sagemaker', 'sagemaker.amazon.pca'],
  PyTorch: ['sagemaker.pytorch', 'sagemaker.pytorch.estimator'],
  RandomCutForest: ['sagemaker', 'sagemaker.amazon.randomcutforest'],
  RLEstimator: ['sagemaker.rl', 'sagemaker.rl.estimator'],
  SKLearn: ['sagemaker.sklearn', 'sagemaker.sklearn.estimator'],
  TensorFlow: ['sagemaker.tensorflow', 'sagemaker.tensorflow.estimator'],
  XGBoost: ['sagemaker.xgboost', 'sagemaker.xgboost.estimator'],
});

/** renamed_params.py EstimatorImageURIRenamer */
const IMAGE_NAME_ESTIMATORS = paths({
  Chainer: ['sagemaker.chainer', 'sagemaker.chainer.estimator'],
  Estimator: ['sagemaker.estimator'],
  Framework: ['sagemaker.estimator'],
  MXNet: ['sagemaker.mxnet', 'sagemaker.mxnet.estimator'],
  PyTorch: ['sagemaker.pytorch', 'sagemaker.pytorch.estimator'],
  RLEstimator: ['sagemaker.rl', 'sagemaker.rl.estimator'],
  SKLearn: ['sagemaker.sklearn', 'sagemaker.sklearn.estimator'],
  TensorFlow: ['sagemaker.tensorflow', 'sagemaker.tensorflow.estimator'],
  XGBoost: ['sagemaker.xgboost', 'sagemaker.xgboost.estimator'],
});

/** renamed_params.py ModelImageURIRenamer */
const IMAGE_MODELS = paths({
  ChainerModel: ['sagemaker.chainer', 'sagemaker.chainer.model'],
  Model: ['sagemaker.model'],
  MultiDataModel: ['sagemaker.multidatamodel'],
  FrameworkModel: ['sagemaker.model'],
  MXNetModel: ['sagemaker.mxnet', 'sagemaker.mxnet.model'],
  PyTorchModel: ['sagemaker.pytorch', 'sagemaker.pytorch.model'],
  SKLearnModel: ['sagemaker.sklearn', 'sagemaker.sklearn.model'],
  TensorFlowModel: ['sagemaker.tensorflow', 'sagemaker.tensorflow.model'],
  XGBoostModel: ['sagemaker.xgboost', 'sagemaker.xgboost.model'],
});

/** predictors.py PREDICTORS (endpoint= -> endpoint_name=) */
const PREDICTORS = paths({
  FactorizationMachinesPredictor: ['sagemaker', 'sagemaker.amazon.factorization_machines'],
  IPInsightsPredictor: ['sagemaker', 'sagemaker.amazon.ipinsights'],
  KMeansPredictor: ['sagemaker', 'sagemaker.amazon.kmeans'],
  KNNPredictor: ['sagemaker', 'sagemaker.amazon.knn'],
  LDAPredictor: ['sagemaker', 'sagemaker.amazon.lda'],
  LinearLearnerPredictor: ['sagemaker', 'sagemaker.amazon.linear_learner'],
  NTMPredictor: ['sagemaker', 'sagemaker.amazon.ntm'],
  PCAPredictor: ['sagemaker', 'sagemaker.amazon.pca'],
  RandomCutForestPredictor: ['sagemaker', 'sagemaker.amazon.randomcutforest'],
  RealTimePredictor: ['sagemaker', 'sagemaker.predictor'],
  Predictor: ['sagemaker.predictor'],
  SparkMLPredictor: ['sagemaker.sparkml', 'sagemaker.sparkml.model'],
});

const DISTRIBUTION = paths({ TensorFlow: ['sagemaker.tensorflow', 'sagemaker.tensorflow.estimator'], MXNet: ['sagemaker.mxnet', 'sagemaker.mxnet.estimator'] });

const S3_UTILS = new Set([
  'sagemaker.s3.S3Downloader.download', 'sagemaker.s3.S3Downloader.list', 'sagemaker.s3.S3Downloader.read_file',
  'sagemaker.s3.S3Uploader.upload', 'sagemaker.s3.S3Uploader.upload_string_as_file_body',
]);

export const PARAM_RENAMES: readonly ParamRename[] = [
  ...['instance_count', 'instance_type', 'max_run', 'max_wait', 'use_spot_instances', 'volume_size', 'volume_kms_key'].map((name) => ({ old: `train_${name}`, new: name, callees: ESTIMATORS, modifier: 'training_params.py' })),
  { old: 'image_name', new: 'image_uri', callees: IMAGE_NAME_ESTIMATORS, modifier: 'renamed_params.py' },
  { old: 'image', new: 'image_uri', callees: IMAGE_MODELS, modifier: 'renamed_params.py' },
  { old: 'distributions', new: 'distribution', callees: DISTRIBUTION, modifier: 'renamed_params.py' },
  { old: 'session', new: 'sagemaker_session', callees: S3_UTILS, modifier: 'renamed_params.py' },
  { old: 'endpoint', new: 'endpoint_name', callees: PREDICTORS, modifier: 'predictors.py' },
];

/** Methods whose keyword was renamed, by the role of the object they are called on. */
export const METHOD_PARAM_RENAMES: readonly { role: 'estimator' | 'session'; method: string; old: string; new: string; modifier: string }[] = [
  { role: 'estimator', method: 'create_model', old: 'image', new: 'image_uri', modifier: 'renamed_params.py' },
  { role: 'session', method: 'create_model_from_job', old: 'primary_container_image', new: 'image_uri', modifier: 'renamed_params.py' },
  { role: 'session', method: 'endpoint_from_job', old: 'deployment_image', new: 'image_uri', modifier: 'renamed_params.py' },
  { role: 'session', method: 'endpoint_from_model_data', old: 'deployment_image', new: 'image_uri', modifier: 'renamed_params.py' },
];

export const GET_IMAGE_URI_PATHS = new Set(['sagemaker.get_image_uri', 'sagemaker.amazon_estimator.get_image_uri', 'sagemaker.amazon.amazon_estimator.get_image_uri']);

export const MIGRATION_REFERENCES = [
  'v2.257.6 src/sagemaker/cli/compatibility/v2/modifiers/ (the sagemaker-upgrade-v2 tool)',
  'v2.257.6 doc/v2.rst "Parameter and Class Name Changes"',
  'v2.257.6 src/sagemaker/deprecations.py (renamed_kwargs, deprecated_class)',
];
