#!/usr/bin/env python3
"""Generates server/src/semantic/sdk/imageUriData.ts: for each framework of `image_uris.retrieve`, the
versions whose image URI does not depend on the instance type, read from the SDK's image-URI
configuration (src/sagemaker/image_uri_config/*.json in v2, sagemaker-core/src/sagemaker/core/
image_uri_config/*.json in v3). SM212 uses it to stay quiet about `instance_type=<parameter>` where the
parameter's default could not change the image anyway.

Usage (from the repository root; the mirror is a bare clone of aws/sagemaker-python-sdk):

    python3 scripts/gen-image-uri-data.py --mirror /work/.mirror/aws+sagemaker-python-sdk/repo

`--check` writes nothing and exits 1 when the committed file differs from what the script would write.

How `retrieve` uses the instance type (v2.257.6 src/sagemaker/image_uris.py; v3 a24812666d
sagemaker-core/src/sagemaker/core/image_uris.py has the same logic), and so when the image depends on it:
- `_processor` picks the processor (cpu, gpu, inf, trn, or a family such as c5) from the instance family
  among the config's `processors`; with one processor or none ("Ignoring unnecessary instance type") every
  valid instance type gives the same image. More than one: the image depends on it.
- `_get_final_image_scope`: for tensorflow, pytorch, xgboost and sklearn (GRAVITON_ALLOWED_FRAMEWORKS), a
  Graviton family (m6g, c6g, c7g, r6g, ...) switches to the `inference_graviton` scope; a version that has
  an `inference_graviton` entry therefore depends on it.
- For huggingface and pytorch (TRAINIUM_ALLOWED_FRAMEWORKS), an inf*/trn* family switches to the
  `<framework>-neuron` configuration: those frameworks always depend on it.
- The rest (deprecation checks, unsupported families) raises instead of choosing another image.
A version is recorded only if it is independent in every scope of the configuration (training,
inference, eia, ...), and a version alias only if its target is. Frameworks with no such version are
left out: for them SM212 keeps firing.
"""
import argparse
import hashlib
import json
import subprocess
import sys

V2_TAG = "v2.257.6"
V3_COMMIT = "a24812666d"
SOURCES = {
    "v2": (V2_TAG, "src/sagemaker/image_uri_config"),
    "v3": (V3_COMMIT, "sagemaker-core/src/sagemaker/core/image_uri_config"),
}
GRAVITON_ALLOWED_FRAMEWORKS = {"tensorflow", "pytorch", "xgboost", "sklearn"}
# image_uris.py: `framework == HUGGING_FACE_FRAMEWORK or framework in TRAINIUM_ALLOWED_FRAMEWORKS`, where
# TRAINIUM_ALLOWED_FRAMEWORKS is the string "pytorch" (so the test is a substring test).
NEURON_SWITCHING = lambda framework: framework == "huggingface" or framework in "pytorch"
OUTPUT = "server/src/semantic/sdk/imageUriData.ts"


def git(mirror, *args):
    return subprocess.run(["git", "--git-dir", mirror, *args], check=True, capture_output=True).stdout


def configs(mirror, ref, folder):
    names = git(mirror, "ls-tree", "--name-only", f"{ref}:{folder}").decode().split()
    for name in sorted(names):
        if name.endswith(".json"):
            yield name[: -len(".json")], json.loads(git(mirror, "show", f"{ref}:{folder}/{name}"))


def processors_in(node):
    """Every processor list anywhere in a version's config (py-version and base-framework levels too)."""
    found = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            if isinstance(current.get("processors"), list):
                found.update(current["processors"])
            stack.extend(v for k, v in current.items() if k != "registries")
    return found


def scopes_of(config):
    if "scope" in config:
        return {scope: config for scope in config["scope"]}
    return {scope: sub for scope, sub in config.items() if isinstance(sub, dict) and isinstance(sub.get("versions"), dict)}


def independent_versions(framework, config):
    """(versions and aliases whose image ignores the instance type, whether every version does)."""
    scopes = scopes_of(config)
    if not scopes or NEURON_SWITCHING(framework):
        return [], False
    verdict = {}  # version or alias -> independent in every scope where it appears

    def note(name, independent):
        verdict[name] = verdict.get(name, True) and independent

    graviton = scopes.get("inference_graviton")
    graviton_versions = set()
    if graviton and framework in GRAVITON_ALLOWED_FRAMEWORKS:
        graviton_versions = set(graviton["versions"]) | set(graviton.get("version_aliases", {}))
    for scope, sub in scopes.items():
        top = sub.get("processors")
        for version, version_config in sub["versions"].items():
            processors = set(top) if isinstance(top, list) and top else processors_in(version_config)
            note(version, len(processors) <= 1 and version not in graviton_versions)
        for alias, target in sub.get("version_aliases", {}).items():
            target_config = sub["versions"].get(target)
            processors = set(top) if isinstance(top, list) and top else processors_in(target_config or {})
            note(alias, target_config is not None and len(processors) <= 1 and alias not in graviton_versions and target not in graviton_versions)
    fixed = sorted(name for name, independent in verdict.items() if independent)
    return fixed, bool(verdict) and all(verdict.values())


def generate(mirror):
    script_sha = hashlib.sha256(open(__file__, "rb").read()).hexdigest()
    data = {}
    for generation, (ref, folder) in SOURCES.items():
        table = {}
        for framework, config in configs(mirror, ref, folder):
            fixed, every = independent_versions(framework, config)
            if fixed:
                table[framework] = {"all": every, "versions": fixed}
        data[generation] = table
    lines = [
        "// Generated by scripts/gen-image-uri-data.py from the SageMaker Python SDK's image-URI configuration",
        f"// ({SOURCES['v2'][0]} {SOURCES['v2'][1]}/*.json, v3 {SOURCES['v3'][0]} {SOURCES['v3'][1]}/*.json). Do not edit.",
        "// Per framework: the versions (and version aliases) whose image URI is the same for every instance type",
        "// the SDK accepts, and whether that holds for every version. Frameworks not listed: it depends on it.",
        "",
        "export interface InstanceIndependentImages {",
        "  /** Every version (so a missing or unknown `version=` is fine too). */",
        "  readonly all: boolean;",
        "  readonly versions: readonly string[];",
        "}",
        "",
        f"export const IMAGE_URI_DATA_SCRIPT_SHA256 = '{script_sha}';",
        "",
        "export const INSTANCE_INDEPENDENT_IMAGES: Readonly<Record<'v2' | 'v3', Readonly<Record<string, InstanceIndependentImages>>>> = {",
    ]
    for generation, table in data.items():
        lines.append(f"  {generation}: {{")
        for framework, entry in table.items():
            versions = ", ".join(json.dumps(v) for v in entry["versions"])
            lines.append(f"    {json.dumps(framework)}: {{ all: {'true' if entry['all'] else 'false'}, versions: [{versions}] }},")
        lines.append("  },")
    lines.append("};")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mirror", required=True)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = generate(args.mirror)
    if args.check:
        with open(OUTPUT, encoding="utf8") as f:
            if f.read() != text:
                print(f"{OUTPUT} is stale: run scripts/gen-image-uri-data.py", file=sys.stderr)
                sys.exit(1)
        return
    with open(OUTPUT, "w", encoding="utf8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
