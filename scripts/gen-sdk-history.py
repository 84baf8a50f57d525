#!/usr/bin/env python3
"""Generates server/src/semantic/sdk/history/data.json: the release history of the public SageMaker Python SDK,
read from the SDK's release tags with Python's `ast` (nothing is imported or run).

Usage (from the repository root; the mirror is a bare clone of aws/sagemaker-python-sdk with its tags):

    python3 scripts/gen-sdk-history.py --mirror /work/.mirror/aws+sagemaker-python-sdk/repo

`--check` writes nothing and exits 1 when the committed files differ from what the script would write.

What it records, over one timeline of releases (v2.0.0 ... v2.257.6, then v3.0.0 ... v3.20.0, `.postN`
releases included, release candidates left out):
- for every public name of every SDK module, as scripts/gen-sdk-modules.py defines them (its `bound_names`
  and `table_of` are imported and run on each release's files), the releases in which `from M import name`
  works;
- for every callable of the signature model (scripts/gen-sdk-signatures.py's data: constructors, methods,
  module-level functions), the releases in which the generator (its `Generator`, imported and run on each
  release's files) gives it a signature, and for each parameter it has ever had, the releases in which the
  parameter exists and those in which it is required; and what the callable does with an unknown keyword
  (its `u`), per release;
- deprecation aliases (`RealTimePredictor = deprecated_class(Predictor, "RealTimePredictor")`): the release
  range in which the old name is an alias of the new one.

Which releases are read: v2, every minor release (its first tag) and the last tag, then, wherever two
neighbours differ in anything recorded, a bisection over the tags between them, so each change lands on the
exact release that made it; v3, every tag. A release that was not read lies between two read releases whose
state is identical, and has that state. Blobs are read once through `git cat-file --batch` and parsed once
per distinct blob hash (most files are identical across tags).

Output: `data.json` (releases, a string table, intervals as indices into the release list) and
`manifest.json` (the tags read, the script's and the data's sha256, the byte size).
"""
import argparse
import ast
import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from array import array

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join("server", "src", "semantic", "sdk", "history")
SIGNATURES_DIR = os.path.join("server", "src", "semantic", "sdk", "signatures")
V3_PACKAGES = ("sagemaker-core", "sagemaker-train", "sagemaker-serve", "sagemaker-mlops")
SKIPPED_DIRS = ("__pycache__", "tests", "test")  # as module_files() in both generators
# deprecations.py helpers that bind an old name to a new object: `Old = deprecated_class(New, "Old")`.
ALIAS_HELPERS = ("deprecated_class", "deprecated_function", "deprecated_serialize", "deprecated_deserialize")


def load_script(filename, name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, filename))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


modules_gen = load_script("gen-sdk-modules.py", "gen_sdk_modules")
signatures_gen = load_script("gen-sdk-signatures.py", "gen_sdk_signatures")

# ---------------------------------------------------------------------------------------------- releases

TAG = re.compile(r"^v([23])\.(\d+)\.(\d+)(?:\.post(\d+))?$")


def version_key(tag):
    m = TAG.match(tag)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4)) if m.group(4) is not None else -1)


def release_tags(mirror):
    """(release tags in version order, tags left out because their tree is not the release's: v2.257.2 points
    at a v3.8.0 commit, so what PyPI's 2.257.2 holds cannot be read from it)."""
    tags = subprocess.run(["git", f"--git-dir={mirror}", "tag", "--list", "v2.*", "v3.*"], check=True, capture_output=True, text=True).stdout.split()
    tags = sorted((t for t in tags if TAG.match(t)), key=version_key)
    layout = {2: "src/sagemaker/__init__.py", 3: "sagemaker-core/src"}
    probe = "".join(f"{t}:{layout[version_key(t)[0]]}\n" for t in tags)
    found = subprocess.run(["git", f"--git-dir={mirror}", "cat-file", "--batch-check"], input=probe, check=True, capture_output=True, text=True).stdout.splitlines()
    readable = [t for t, line in zip(tags, found) if not line.endswith(" missing")]
    return readable, [t for t in tags if t not in readable]


# ------------------------------------------------------------------------------------------------- git


class Mirror:
    """Trees by `git ls-tree`, blobs by one long-running `git cat-file --batch`."""

    def __init__(self, git_dir):
        self.git_dir = git_dir
        self.batch = subprocess.Popen(["git", f"--git-dir={git_dir}", "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def files(self, tag, prefixes):
        out = subprocess.run(["git", f"--git-dir={self.git_dir}", "ls-tree", "-r", "--full-tree", tag, "--", *prefixes], check=True, capture_output=True, text=True).stdout
        result = []
        for line in out.splitlines():
            meta, path = line.split("\t", 1)
            mode, kind, sha = meta.split()
            if kind == "blob" and path.endswith(".py"):
                result.append((path, sha))
        return result

    def blob(self, sha):
        self.batch.stdin.write(sha.encode() + b"\n")
        self.batch.stdin.flush()
        header = self.batch.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            raise RuntimeError(f"git cat-file: no blob {sha}: {header!r}")
        size = int(header[2])
        data = self.batch.stdout.read(size + 1)
        return data[:size]

    def close(self):
        self.batch.stdin.close()
        self.batch.wait()


def sdk_files(mirror, tag):
    """(module name, is_package, path, blob) for every module of a release, in the order the generators'
    module_files() walks them (per package root: a folder's files, then its subfolders, sorted by name)."""
    major = version_key(tag)[0]
    roots = ["src/"] if major == 2 else [f"{p}/src/" for p in V3_PACKAGES]
    result = []
    for root in roots:
        entries = []
        for path, sha in mirror.files(tag, [root + "sagemaker"]):
            parts = path[len(root):].split("/")
            if any(d in SKIPPED_DIRS for d in parts[1:-1]):
                continue
            key = tuple((1, d) for d in parts[:-1]) + ((0, parts[-1]),)
            module = parts[:-1] + ([] if parts[-1] == "__init__.py" else [parts[-1][:-3]])
            entries.append((key, ".".join(module), parts[-1] == "__init__.py", path, sha))
        entries.sort()
        result += [e[1:] for e in entries]
    return result


# --------------------------------------------------------------------------------------------- parsing


class Parser:
    """ast trees by blob hash, each parsed once; trees unused for a while are dropped (memory)."""

    def __init__(self, mirror):
        self.mirror = mirror
        self.trees = {}
        self.last_used = {}
        self.bound = {}  # (blob, module, is_package) -> gen-sdk-modules bound_names(...)
        self.aliases = {}  # blob -> [(old, new)]
        self.clock = 0
        self.parsed = 0

    def tree(self, sha):
        self.last_used[sha] = self.clock
        if sha not in self.trees:
            self.parsed += 1
            try:
                self.trees[sha] = ast.parse(self.mirror.blob(sha).decode("utf-8"))
            except (SyntaxError, UnicodeDecodeError, ValueError):
                self.trees[sha] = None
        return self.trees[sha]

    def tick(self):
        self.clock += 1
        for sha in [s for s, t in self.last_used.items() if t < self.clock - 4]:
            del self.last_used[sha]
            self.trees.pop(sha, None)

    def bound_names(self, sha, module, is_package):
        key = (sha, module, is_package)
        if key not in self.bound:
            tree = self.tree(sha)
            self.bound[key] = None if tree is None else modules_gen.bound_names(tree, module, is_package)
        return self.bound[key]

    def deprecation_aliases(self, sha):
        if sha not in self.aliases:
            found = []
            tree = self.tree(sha)
            for node in tree.body if tree is not None else []:
                if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Call)):
                    continue
                func = node.value.func
                helper = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
                if helper not in ALIAS_HELPERS or not node.value.args:
                    continue
                target = node.value.args[0]
                if isinstance(target, ast.Call):  # deprecated_serialize(CSVSerializer(), ...)
                    target = target.func
                if isinstance(target, ast.Name) and target.id != node.targets[0].id and not node.targets[0].id.startswith("_"):
                    found.append((node.targets[0].id, target.id))
            self.aliases[sha] = found
        return self.aliases[sha]


# ----------------------------------------------------------------------------------------------- state


class Strings:
    def __init__(self):
        self.ids = {}
        self.values = []

    def id(self, value):
        found = self.ids.get(value)
        if found is None:
            found = self.ids[value] = len(self.values)
            self.values.append(value)
        return found


def callables_of(model):
    """The callables of a generated (or committed) signature model: constructor `Q`, method `Q.m`, function `Q` -> signature."""
    result = {}
    for qn, entry in model["classes"].items():
        if "i" in entry:
            result[qn] = entry["i"]
        for name, sig in entry.get("m", {}).items():
            result[f"{qn}.{name}"] = sig
    for qn, sig in model["functions"].items():
        result[qn] = sig
    return result


def state_of(parser, mirror, tag, keys, wanted_callables):
    """Everything recorded about one release, as a sorted array of key ids. Keys:
    N module name (importable name) / C callable (has a signature) / P callable param / R callable param
    (required) / F callable fate / A module old new (deprecation alias)."""
    files = sdk_files(mirror, tag)
    state = set()
    # Names, exactly as gen-sdk-modules.py's table.
    parsed = []
    for module, is_package, path, sha in files:
        bound = parser.bound_names(sha, module, is_package)
        if bound is not None:
            parsed.append((module, bound))
            for old, new in parser.deprecation_aliases(sha):
                state.add(keys.id(f"A\0{module}\0{old}\0{new}"))
    for module, (defined, imported) in modules_gen.table_of(parsed).items():
        for name in (*defined, *imported):
            state.add(keys.id(f"N\0{module}\0{name}"))
    # Signatures, exactly as gen-sdk-signatures.py's Generator builds them.
    modules = {}
    for module, is_package, path, sha in files:
        tree = parser.tree(sha)
        if tree is not None:
            modules[module] = signatures_gen.module_of(module, path, path, tree)
    model = signatures_gen.Generator(modules).build(tag)
    for qn, sig in callables_of(model).items():
        if qn not in wanted_callables:
            continue
        state.add(keys.id(f"C\0{qn}"))
        state.add(keys.id(f"F\0{qn}\0{sig['u']}"))
        for p in sig["p"]:
            if p[1] in (3, 4):  # *args / **kwargs themselves
                continue
            state.add(keys.id(f"P\0{qn}\0{p[0]}"))
            if p[7]:
                state.add(keys.id(f"R\0{qn}\0{p[0]}"))
    parser.tick()
    return array("i", sorted(state))


# -------------------------------------------------------------------------------------------- timeline


def read_releases(mirror, releases, keys, wanted_callables, log):
    """State per read release (index -> array), reading every minor's first tag and bisecting where neighbours differ."""
    parser = Parser(mirror)
    states = {}

    def read(i):
        if i not in states:
            started = time.time()
            states[i] = state_of(parser, mirror, releases[i], keys, wanted_callables)
            log(f"{releases[i]}: {len(states[i])} facts, {time.time() - started:.2f} s")
        return states[i]

    def bisect(lo, hi):
        # lo < hi, both read and different: find every index in (lo, hi] where the state changes.
        if hi - lo <= 1:
            return
        mid = (lo + hi) // 2
        read(mid)
        if states[mid] != states[lo]:
            bisect(lo, mid)
        if states[mid] != states[hi]:
            bisect(mid, hi)

    v2 = [i for i, t in enumerate(releases) if t.startswith("v2.")]
    v3 = [i for i, t in enumerate(releases) if t.startswith("v3.")]
    anchors = []
    seen_minors = set()
    for i in v2:
        minor = version_key(releases[i])[:2]
        if minor not in seen_minors:
            seen_minors.add(minor)
            anchors.append(i)
    if v2[-1] not in anchors:
        anchors.append(v2[-1])
    for i in anchors:
        read(i)
    for a, b in zip(anchors, anchors[1:]):
        if states[a] != states[b]:
            bisect(a, b)
    for i in v3:
        read(i)
    return states, parser.parsed


def intervals_by_key(states, count):
    """key id -> [(from index, until index or None)] over the whole timeline."""
    result = {}
    open_since = {}
    previous = set()
    for i in range(count):
        if i in states:
            current = set(states[i])
        else:
            current = previous  # not read: identical to the last read release (bisection invariant)
        if current is not previous:
            for key in current - previous:
                open_since[key] = i
            for key in previous - current:
                result.setdefault(key, []).append((open_since.pop(key), i))
        previous = current
    for key, since in open_since.items():
        result.setdefault(key, []).append((since, None))
    return result


def id_list(ids):
    """String-table indices in base 36, space-separated (smaller than a JSON array of numbers)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"

    def base36(n):
        text = ""
        while True:
            n, r = divmod(n, 36)
            text = digits[r] + text
            if not n:
                return text

    return " ".join(base36(i) for i in sorted(ids))


def compact_callables(callables):
    """owner (module or class) -> member -> {c: code, f: fate | "fate:code;...", p/r: {code: ids}}; a parameter
    code equal to the callable's own `c` is written "" (most parameters live as long as their callable)."""
    result = {}
    for qn, entry in sorted(callables.items()):
        if "c" not in entry:
            continue  # parameters of a release without a signature cannot happen; guard anyway
        owner, member = qn.rsplit(".", 1)
        c = entry["c"]
        out = {"c": c}
        fates = entry.get("f", {})
        out["f"] = next(iter(fates)) if len(fates) == 1 and next(iter(fates.values())) == c else ";".join(f"{fate}:{code}" for fate, code in sorted(fates.items()))
        for kind in ("p", "r"):
            groups = {("" if code == c else code): id_list(ids) for code, ids in sorted(entry.get(kind, {}).items())}
            if groups:
                out[kind] = groups
        result.setdefault(owner, {})[member] = out
    return result


def encode(intervals):
    """`a-b,c-` : from release a (inclusive) until release b (exclusive), and from c on."""
    return ",".join(f"{a}-{'' if b is None else b}" for a, b in sorted(intervals))


# ----------------------------------------------------------------------------------------------- build


def generate(mirror_dir, log):
    mirror = Mirror(mirror_dir)
    try:
        releases, skipped = release_tags(mirror_dir)
        with open(os.path.join(SIGNATURES_DIR, "data-v2.json"), encoding="utf-8") as f:
            wanted = set(callables_of(json.load(f)))
        with open(os.path.join(SIGNATURES_DIR, "data-v3.json"), encoding="utf-8") as f:
            wanted |= set(callables_of(json.load(f)))
        keys = Strings()
        states, parsed = read_releases(mirror, releases, keys, wanted, log)
    finally:
        mirror.close()
    timeline = intervals_by_key(states, len(releases))
    strings = Strings()
    names = {}  # module -> {interval code -> [name ids]}
    aliases = {}  # module -> {old -> [new, interval code]}
    callables = {}  # qualified callable -> {"c": code, "f": {fate: code}, "p": {code: [param ids]}, "r": {code: [param ids]}}
    for key_id in sorted(timeline, key=lambda k: keys.values[k]):
        kind, *rest = keys.values[key_id].split("\0")
        code = encode(timeline[key_id])
        if kind == "N":
            module, name = rest
            names.setdefault(module, {}).setdefault(code, []).append(strings.id(name))
        elif kind == "A":
            module, old, new = rest
            aliases.setdefault(module, {})[old] = [new, code]
        else:
            entry = callables.setdefault(rest[0], {})
            if kind == "C":
                entry["c"] = code
            elif kind == "F":
                entry.setdefault("f", {})[rest[1]] = code
            else:
                entry.setdefault(kind.lower(), {}).setdefault(code, []).append(strings.id(rest[1]))
    data = {
        "releases": [t[1:] for t in releases],
        "strings": strings.values,
        "names": {m: {c: id_list(ids) for c, ids in sorted(groups.items())} for m, groups in sorted(names.items())},
        "aliases": dict(sorted(aliases.items())),
        "callables": compact_callables(callables),
    }
    read_tags = [releases[i] for i in sorted(states)]
    return data, read_tags, skipped, parsed


def facts_at(data, index):
    """The facts the data says release `index` has, as state_of() keys (the inverse of generate())."""

    def covers(code):
        for part in code.split(","):
            a, b = part.split("-")
            if int(a) <= index and (b == "" or index < int(b)):
                return True
        return False

    facts = set()
    strings = data["strings"]
    for module, groups in data["names"].items():
        for code, ids in groups.items():
            if covers(code):
                facts.update(f"N\0{module}\0{strings[int(i, 36)]}" for i in ids.split())
    for module, olds in data["aliases"].items():
        for old, (new, code) in olds.items():
            if covers(code):
                facts.add(f"A\0{module}\0{old}\0{new}")
    for owner, members in data["callables"].items():
        for member, entry in members.items():
            qn = f"{owner}.{member}"
            if covers(entry["c"]):
                facts.add(f"C\0{qn}")
            fates = entry["f"]
            for part in fates.split(";") if ":" in fates else [f"{fates}:{entry['c']}"]:
                fate, code = part.split(":")
                if covers(code):
                    facts.add(f"F\0{qn}\0{fate}")
            for kind in ("p", "r"):
                for code, ids in entry.get(kind, {}).items():
                    if covers(code or entry["c"]):
                        facts.update(f"{kind.upper()}\0{qn}\0{strings[int(i, 36)]}" for i in ids.split())
    return facts


def check_releases(mirror_dir, out_dir, tags):
    """Reads a few releases again and compares them with what the committed data says about them: a quick
    staleness test (the whole generation takes minutes). Returns the differences."""
    with open(os.path.join(out_dir, "data.json"), encoding="utf-8") as f:
        data = json.load(f)
    wanted = set()
    for generation in ("v2", "v3"):
        with open(os.path.join(SIGNATURES_DIR, f"data-{generation}.json"), encoding="utf-8") as f:
            wanted |= set(callables_of(json.load(f)))
    mirror = Mirror(mirror_dir)
    problems = []
    try:
        parser = Parser(mirror)
        keys = Strings()
        for tag in tags:
            if tag[1:] not in data["releases"]:
                problems.append(f"{tag}: not in the data's releases")
                continue
            actual = {keys.values[k] for k in state_of(parser, mirror, tag, keys, wanted)}
            expected = facts_at(data, data["releases"].index(tag[1:]))
            for fact in sorted(actual ^ expected)[:10]:
                problems.append(f"{tag}: {'only in the release' if fact in actual else 'only in the data'}: {fact.replace(chr(0), ' ')}")
    finally:
        mirror.close()
    return problems


def serialise(data):
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n"


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mirror", required=True)
    parser.add_argument("--out", default=OUT_DIR)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--check-releases", help="comma-separated tags: read only these and compare them with the committed data")
    args = parser.parse_args()
    started = time.time()
    if args.check_releases:
        problems = check_releases(args.mirror, args.out, args.check_releases.split(","))
        for problem in problems:
            print(problem, file=sys.stderr)
        sys.exit(1 if problems else 0)
    log = (lambda text: print(text, file=sys.stderr)) if args.verbose else (lambda text: None)
    data, read_tags, skipped, parsed = generate(args.mirror, log)
    text = serialise(data)
    scripts = {}
    for name in ("gen-sdk-history.py", "gen-sdk-modules.py", "gen-sdk-signatures.py"):
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            scripts[name] = sha256(f.read())
    manifest = {
        "script_sha256": scripts,
        "data.json": {"sha256": sha256(text), "bytes": len(text.encode("utf-8"))},
        "releases": len(data["releases"]),
        "tags_skipped": skipped,
        "tags_read": read_tags,
    }
    texts = {"data.json": text, "manifest.json": json.dumps(manifest, indent=1) + "\n"}
    print(f"{len(read_tags)} of {len(data['releases'])} releases read, {parsed} blobs parsed, {len(text.encode('utf-8'))} bytes, {time.time() - started:.0f} s", file=sys.stderr)
    if args.check:
        stale = []
        for name, expected in texts.items():
            try:
                with open(os.path.join(args.out, name), encoding="utf-8") as f:
                    if f.read() != expected:
                        stale.append(name)
            except FileNotFoundError:
                stale.append(name)
        if stale:
            print("stale: " + ", ".join(stale) + " (run: python3 scripts/gen-sdk-history.py --mirror <aws/sagemaker-python-sdk clone>)", file=sys.stderr)
            sys.exit(1)
        return
    os.makedirs(args.out, exist_ok=True)
    for name, text in texts.items():
        with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
