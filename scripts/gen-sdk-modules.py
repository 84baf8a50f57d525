#!/usr/bin/env python3
"""Generates server/src/semantic/sdk/modulesData.ts: every module of the SageMaker Python SDK and the
public names bound at its top level, for one v2 release and one v3 tree.

NOT run in CI: it reads local SDK source trees given by path, and its output is committed.

Usage (from the repository root):

    python3 scripts/gen-sdk-modules.py --v2 <dir containing sagemaker/> --v2-label v2.257.6 \
        --v3 <dir containing sagemaker-{core,train,serve,mlops}/src> --v3-label "v3 a24812666d" \
        > server/src/semantic/sdk/modulesData.ts

One way to get the trees from a (bare) clone of aws/sagemaker-python-sdk:

    git archive v2.257.6 src/sagemaker | tar -x -C /tmp/v2      # then --v2 /tmp/v2/src
    git archive HEAD sagemaker-core/src sagemaker-train/src sagemaker-serve/src sagemaker-mlops/src | tar -x -C /tmp/v3

What counts as a name of module M (parsed with `ast`, nothing is imported):
- a class, function or assignment target at top level (also inside top-level if/try/with blocks);
- a name bound by a top-level import (`from x import y`, `import a.b` binds `a`): Python lets
  `from M import y` work for those too;
- the names of a `from X import *` (X's `__all__`, else X's public names), resolved transitively;
- the string literals compared with `name` in a module-level `__getattr__` (lazy exports) and `__all__`;
- M's submodules (`from sagemaker import workflow`); folders without __init__.py are namespace packages.
Names starting with `_` are left out (rules never judge them). Test packages are skipped.
"""
import argparse
import ast
import json
import os
import sys


def module_files(roots):
    """(module name, file) for every .py file under each root's `sagemaker/` package."""
    for root in roots:
        base = os.path.join(root, "sagemaker")
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if d not in ("__pycache__", "tests", "test"))
            for filename in sorted(filenames):
                if not filename.endswith(".py"):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, filename), root)[:-3].split(os.sep)
                if rel[-1] == "__init__":
                    rel = rel[:-1]
                yield ".".join(rel), os.path.join(dirpath, filename)


def bound_names(tree, module, is_package):
    names, stars, defined = set(), [], set()

    def visit(statements):
        for node in statements:
            if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                names.add(node.name)
                defined.add(node.name)
                if node.name == "__getattr__":
                    for sub in ast.walk(node):
                        if isinstance(sub, ast.Compare):
                            for c in [sub.left, *sub.comparators]:
                                if isinstance(c, ast.Constant) and isinstance(c.value, str):
                                    names.add(c.value)
                                    defined.add(c.value)
                                if isinstance(c, (ast.Tuple, ast.List, ast.Set)):
                                    lazy = {e.value for e in c.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
                                    names.update(lazy)
                                    defined.update(lazy)
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for sub in ast.walk(target):
                        if isinstance(sub, ast.Name):
                            names.add(sub.id)
                            defined.add(sub.id)
                if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
                    if isinstance(node.value, (ast.List, ast.Tuple)):
                        names.update(e.value for e in node.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    names.add(alias.asname or alias.name.split(".")[0])
            elif isinstance(node, ast.ImportFrom):
                source = resolve_relative(module, is_package, node)
                for alias in node.names:
                    if alias.name == "*":
                        stars.append(source)
                    else:
                        names.add(alias.asname or alias.name)
            elif isinstance(node, ast.If):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)
            elif isinstance(node, (ast.With, ast.For, ast.While)):
                visit(node.body)

    visit(tree.body)
    return names, stars, defined


def resolve_relative(module, is_package, node):
    if not node.level:
        return node.module or ""
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]
    if node.level > 1:
        parts = parts[: len(parts) - (node.level - 1)]
    return ".".join(parts + ([node.module] if node.module else []))


def collect(roots):
    def parsed():
        for name, path in module_files(roots):
            with open(path, encoding="utf-8") as f:
                source = f.read()
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            yield name, bound_names(tree, name, path.endswith("__init__.py"))

    return table_of(parsed())


def table_of(parsed):
    """The module table from (module name, bound_names(...) of its file) pairs. (scripts/gen-sdk-history.py
    calls this per release tag with blobs it parsed once.)"""
    modules = {}
    for name, (names, stars, defined) in parsed:
        entry = modules.setdefault(name, {"names": set(), "stars": [], "defined": set()})
        entry["names"] |= names
        entry["defined"] |= defined
        entry["stars"] += stars
    # Star imports, transitively.
    changed = True
    while changed:
        changed = False
        for entry in modules.values():
            for star in entry["stars"]:
                other = modules.get(star)
                if not other:
                    continue
                extra = {n for n in other["names"] if not n.startswith("_")} - entry["names"]
                if extra:
                    entry["names"] |= extra
                    changed = True
    # A folder of modules without __init__.py is a namespace package (PEP 420): importable, and its
    # modules are its names. sagemaker-train ships sagemaker/train/common_utils/ that way.
    for name in list(modules):
        parts = name.split(".")
        for i in range(2, len(parts)):
            modules.setdefault(".".join(parts[:i]), {"names": set(), "stars": [], "defined": set()})
    # Submodules are names of their package.
    for name in list(modules):
        if "." in name:
            parent, child = name.rsplit(".", 1)
            if parent in modules:
                modules[parent]["names"].add(child)
                modules[parent]["defined"].add(child)
    return {
        m: (sorted(n for n in e["defined"] if not n.startswith("_")), sorted(n for n in e["names"] - e["defined"] if not n.startswith("_")))
        for m, e in sorted(modules.items())
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--v2", required=True)
    parser.add_argument("--v2-label", required=True)
    parser.add_argument("--v3", required=True)
    parser.add_argument("--v3-label", required=True)
    args = parser.parse_args()
    v2 = collect([args.v2])
    v3_roots = [os.path.join(args.v3, p, "src") for p in ("sagemaker-core", "sagemaker-train", "sagemaker-serve", "sagemaker-mlops")]
    v3 = collect([r for r in v3_roots if os.path.isdir(r)])
    out = sys.stdout
    out.write("// GENERATED by scripts/gen-sdk-modules.py — do not edit by hand; re-run the script (see its header).\n")
    out.write(f"// v2: aws/sagemaker-python-sdk {args.v2_label}, src/sagemaker ({len(v2)} modules).\n")
    out.write(f"// v3: aws/sagemaker-python-sdk {args.v3_label}, sagemaker-{{core,train,serve,mlops}}/src ({len(v3)} modules).\n")
    out.write("// Each entry: module path -> [names it defines (classes, functions, assignments, submodules, __all__/lazy exports),\n")
    out.write("// names it only imports]; space-separated, public names only.\n\n")
    for label, table, var in ((args.v2_label, v2, "V2"), (args.v3_label, v3, "V3")):
        out.write(f"export const SDK_MODULES_{var}_LABEL = {json.dumps(label)};\n")
        out.write(f"export const SDK_MODULES_{var}: Record<string, readonly [string, string]> = {{\n")
        for module, (defined, imported) in table.items():
            out.write(f"  {json.dumps(module)}: [{json.dumps(' '.join(defined))}, {json.dumps(' '.join(imported))}],\n")
        out.write("};\n\n")


if __name__ == "__main__":
    main()
