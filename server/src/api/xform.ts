/**
 * botocore's `xform_name` (botocore/__init__.py): how boto3 turns an operation name (CamelCase) into a
 * client method name. Reproduced exactly, including the prepopulated cache of names the regexes get wrong
 * (none of them are SageMaker operations). scripts/gen-model.mjs bundles and uses this file; test/api/xform.test.ts
 * checks both against real boto3 names.
 */
const SPECIAL_CASES: Readonly<Record<string, string>> = {
  CreateCachediSCSIVolume: 'create_cached_iscsi_volume',
  DescribeCachediSCSIVolumes: 'describe_cached_iscsi_volumes',
  DescribeStorediSCSIVolumes: 'describe_stored_iscsi_volumes',
  CreateStorediSCSIVolume: 'create_stored_iscsi_volume',
  ListHITsForQualificationType: 'list_hits_for_qualification_type',
  ExecutePartiQLStatement: 'execute_partiql_statement',
  ExecutePartiQLTransaction: 'execute_partiql_transaction',
  ExecutePartiQLBatch: 'execute_partiql_batch',
};

/** `_special_case_transform`: a pluralised acronym at the end (GatewayARNs, ListWebACLs). */
const SPECIAL_CASE_TRANSFORM = /[A-Z]{2,}s$/;
/** `_first_cap_regex` and `_end_cap_regex`. */
const FIRST_CAP = /(.)([A-Z][a-z]+)/g;
const END_CAP = /([a-z0-9])([A-Z])/g;

export function xformName(name: string, sep = '_'): string {
  // "If the sep is in the name, assume that it's already transformed and return the string unchanged."
  if (name.includes(sep)) return name;
  if (sep === '_' && Object.prototype.hasOwnProperty.call(SPECIAL_CASES, name)) return SPECIAL_CASES[name];
  if (sep === '-' && Object.prototype.hasOwnProperty.call(SPECIAL_CASES, name)) return SPECIAL_CASES[name].replace(/_/g, '-');
  const special = SPECIAL_CASE_TRANSFORM.exec(name);
  if (special) name = `${name.slice(0, -special[0].length)}${sep}${special[0].toLowerCase()}`;
  const s1 = name.replace(FIRST_CAP, `$1${sep}$2`);
  return s1.replace(END_CAP, `$1${sep}$2`).toLowerCase();
}
