import { Rule } from '../types';
import { MIGRATION_REFERENCES } from './renames';
import { V1NameFinding, v1AttributeFinding, v1ImportFindings, v1NameMessage } from './v1names';

function findings(node: Parameters<Rule['check']>[0], context: Parameters<Rule['check']>[1]): V1NameFinding[] {
  if (node.type === 'import_from_statement') return v1ImportFindings(context.model, node);
  const finding = v1AttributeFinding(context.model, node);
  return finding ? [finding] : [];
}

export const v1RemovedName: Rule = {
  code: 'SM602',
  name: 'v1-removed-name',
  defaultSeverity: 'error',
  summary: 'An SDK v1 name that v2 removed (serializer objects, _CsvSerializer, sagemaker.s3_input, ...), with its v2 replacement',
  nodeTypes: ['import_from_statement', 'attribute'],
  check(node, context) {
    for (const finding of findings(node, context)) {
      if (finding.stillInV2) continue;
      context.report({ node: finding.node, message: v1NameMessage(finding), fix: finding.fix });
    }
  },
  doc: {
    what: 'Fires on imports and attribute references of SDK v1 names that no longer exist in v2 and that `sagemaker-upgrade-v2` rewrites: the serializer objects `csv_serializer`, `json_serializer`, `npy_serializer`, `csv_deserializer`, `json_deserializer`, `numpy_deserializer` and the classes `_CsvSerializer`, `_JsonSerializer`, `_NpySerializer`, `_CsvDeserializer`, `_JsonDeserializer`, `_NumpyDeserializer`, `StringDeserializer`, `BytesDeserializer`, `StreamDeserializer` of `sagemaker.predictor`; `numpy_to_record_serializer` / `record_deserializer` of `sagemaker.amazon.common`; `sagemaker.s3_input`.',
    why: 'v2 moved serializers to `sagemaker.serializers` / `sagemaker.deserializers` (as classes to instantiate) and dropped the old names from these modules, so the import raises `ImportError: cannot import name ...` (or `AttributeError`) when the script starts.',
    example: 'from sagemaker.predictor import csv_serializer\n\npredictor.serializer = csv_serializer',
    useInstead: 'from sagemaker.serializers import CSVSerializer\n\npredictor.serializer = CSVSerializer()',
    fixSafety: 'Safe fix: imports the v2 name and renames the uses (instantiating the former serializer objects), as `sagemaker-upgrade-v2` does. No fix when the new name already means something else in the module.',
    sdkVersions: 'Code written for SDK v1, run on v2.',
    references: [...MIGRATION_REFERENCES, 'v2.257.6 .../modifiers/serde.py, training_input.py'],
  },
};

export const v1DeprecatedAlias: Rule = {
  code: 'SM603',
  name: 'v1-deprecated-alias',
  defaultSeverity: 'warning',
  summary: 'An SDK v1 name that v2 keeps only as a deprecated alias (s3_input, RealTimePredictor, tensorflow.serving.Model, ...)',
  nodeTypes: ['import_from_statement', 'attribute'],
  check(node, context) {
    for (const finding of findings(node, context)) {
      if (!finding.stillInV2) continue;
      context.report({ node: finding.node, message: v1NameMessage(finding), fix: finding.fix });
    }
  },
  doc: {
    what: 'Fires on imports and attribute references of SDK v1 names that v2.257.6 still defines as deprecated aliases: `sagemaker.session.s3_input` and `ShuffleConfig` (→ `sagemaker.inputs`), `sagemaker.predictor.RealTimePredictor` (→ `Predictor`), `sagemaker.tensorflow.serving.Model` / `Predictor` (→ `sagemaker.tensorflow.TensorFlowModel` / `TensorFlowPredictor`), `sagemaker.serializers.numpy_to_record_serializer`-style aliases.',
    why: 'The aliases are `deprecated_class(...)` wrappers: every construction logs `The class sagemaker.session.s3_input has been renamed in sagemaker>=2.\\nSee: https://sagemaker.readthedocs.io/en/stable/v2.html for details.` (DeprecationWarning), and v3 has none of them.',
    example: 'from sagemaker.session import s3_input\n\ntrain = s3_input("s3://my-bucket/train", content_type="text/csv")',
    useInstead: 'from sagemaker.inputs import TrainingInput\n\ntrain = TrainingInput("s3://my-bucket/train", content_type="text/csv")',
    fixSafety: 'Safe fix: the alias is the same class under its v2 name; imports and uses are renamed as `sagemaker-upgrade-v2` does.',
    sdkVersions: 'Code written for SDK v1, run on v2.',
    references: [...MIGRATION_REFERENCES, 'v2.257.6 src/sagemaker/session.py L9310-9311', 'v2.257.6 src/sagemaker/base_predictor.py L974-980', 'v2.257.6 src/sagemaker/tensorflow/serving.py L23-24'],
  },
};
