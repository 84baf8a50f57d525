#!/usr/bin/env python3
"""Generates server/src/semantic/sdk/signatures/data-v2.json and data-v3.json: the signatures of the public SageMaker Python
SDK (v2 and v3), read from the SDK's source with Python's `ast` (nothing is imported or run).

Usage (from the repository root; the mirror is a bare clone of aws/sagemaker-python-sdk):

    python3 scripts/gen-sdk-signatures.py --mirror /work/.mirror/aws+sagemaker-python-sdk/repo

It extracts v2.257.6 (src/sagemaker) and v3 a24812666d (sagemaker-{core,train,serve,mlops}/src, the
commit the symbol catalog pins) with `git archive` into a temporary folder, writes the data files and
manifest.json (the inputs, the script's and the data's sha256). `--check` writes nothing and exits 1 when the committed
files differ from what the script would write. (`--v2 DIR --v3 DIR` read already extracted trees.)

What it records, per generation:
- every public class of every public module: bases, summary, the constructor as a caller sees it, and its
  public methods; every public module-level function; every public import path of both (aliases);
- a signature's parameters (kind, default text, required, annotation normalised to a small type
  language, the docstring's text), its return type, and what happens to an unknown keyword:
  * no `**kwargs`: TypeError;
  * `**kwargs` forwarded (`super().__init__(..., **kwargs)`, `self.create_model(**kwargs)`, `Cls(**kwargs)`):
    the callee's parameters are merged in (minus the ones the forwarding call binds itself) and the
    callee decides;
  * `**kwargs` only read for some keys (`renamed_kwargs("train_max_run", ..., kwargs)`, `kwargs.get("x")`)
    and never passed on: every other key is silently dropped;
  * any other use (stored, iterated, passed to something not followed): accepted, rules stay silent;
  * pydantic models: the fields, and `extra` from `model_config` (pydantic's default is "ignore").
Classes built by decorators (attrs, dataclasses) or metaclasses the script does not model get no
constructor, so rules stay silent on them.
"""
import argparse
import ast
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile

V2_REF = "v2.257.6"
V3_REF = "a24812666d258d9d19c9a82d0c9385ca0bd3ba01"
V2_LABEL = "v2.257.6"
V3_LABEL = "v3 a24812666d"
V3_PACKAGES = ("sagemaker-core", "sagemaker-train", "sagemaker-serve", "sagemaker-mlops")
OUT_DIR = os.path.join("server", "src", "semantic", "sdk", "signatures")
DOC_LIMIT = 600  # characters of a parameter's docstring text kept
KINDS = ("positional-only", "positional-or-keyword", "keyword-only", "var-positional", "var-keyword")

# ----------------------------------------------------------------------------------------------- modules


class Module:
    def __init__(self, name, path, rel, tree, is_package):
        self.name = name
        self.path = path
        self.rel = rel  # path shown in the data (relative to the repository root)
        self.tree = tree
        self.is_package = is_package
        self.defs = {}  # name -> ast node (ClassDef / FunctionDef), top level
        self.imports = {}  # name -> ("from", module, name) | ("module", module)
        self.assigns = {}  # name -> value node (type aliases and the like)
        self.stars = []
        self.shadowed = {}  # name -> the import a later class/def rebinds


def module_files(roots):
    for root, prefix in roots:
        base = os.path.join(root, "sagemaker")
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if d not in ("__pycache__", "tests", "test"))
            for filename in sorted(filenames):
                if not filename.endswith(".py"):
                    continue
                full = os.path.join(dirpath, filename)
                rel = os.path.relpath(full, root)[:-3].split(os.sep)
                if rel[-1] == "__init__":
                    rel = rel[:-1]
                yield ".".join(rel), full, prefix + os.path.relpath(full, root).replace(os.sep, "/")


def resolve_relative(module, is_package, level, target):
    if not level:
        return target or ""
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    return ".".join(parts + ([target] if target else []))


def load(roots):
    modules = {}
    for name, path, rel in module_files(roots):
        with open(path, encoding="utf-8") as f:
            source = f.read()
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        modules[name] = module_of(name, path, rel, tree)
    return modules


def module_of(name, path, rel, tree):
    """A parsed file as the generator sees it. (scripts/gen-sdk-history.py calls this per release tag with
    trees it parsed once; nothing here changes the tree.)"""
    m = Module(name, path, rel, tree, path.endswith("__init__.py"))

    def visit(statements):
        for node in statements:
            if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                m.defs[node.name] = node
                if node.name in m.imports:
                    # shapes.py imports pydantic's BaseModel, then defines a shape class named BaseModel:
                    # classes above that line still mean the import.
                    m.shadowed[node.name] = m.imports.pop(node.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        m.imports[alias.asname] = ("module", alias.name)
                    else:
                        m.imports[alias.name.split(".")[0]] = ("module", alias.name.split(".")[0])
            elif isinstance(node, ast.ImportFrom):
                source_module = resolve_relative(name, m.is_package, node.level, node.module)
                for alias in node.names:
                    if alias.name == "*":
                        m.stars.append(source_module)
                    else:
                        m.imports[alias.asname or alias.name] = ("from", source_module, alias.name)
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                m.assigns[node.targets[0].id] = node.value
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                m.assigns[node.target.id] = node.value
            elif isinstance(node, ast.If):
                # `if TYPE_CHECKING:` imports name annotation types.
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)

    visit(tree.body)
    # A module-level __getattr__ that imports and returns names (sagemaker.train's lazy exports):
    # `from sagemaker.train import ModelTrainer` works, so its imports are the module's names too.
    getattr_def = m.defs.pop("__getattr__", None)
    if isinstance(getattr_def, ast.FunctionDef):
        for node in ast.walk(getattr_def):
            if isinstance(node, ast.ImportFrom):
                source_module = resolve_relative(name, m.is_package, node.level, node.module)
                for alias in node.names:
                    if alias.name != "*":
                        m.imports.setdefault(alias.asname or alias.name, ("from", source_module, alias.name))
    return m


class Resolver:
    """Resolves a name bound in a module to the qualified name of the class/function that defines it."""

    def __init__(self, modules):
        self.modules = modules
        self.memo = {}

    def name_in(self, module_name, name, depth=0):
        """(kind, qualified name): kind 'class' | 'function' | 'module' | 'external' | 'alias'."""
        key = (module_name, name)
        if key in self.memo:
            return self.memo[key]
        if depth > 30:
            return None
        self.memo[key] = None  # cycle guard
        result = None
        m = self.modules.get(module_name)
        if m is None:
            sub = f"{module_name}.{name}"
            result = ("module", sub) if sub in self.modules else ("external", sub)
        elif name in m.defs:
            node = m.defs[name]
            result = ("class" if isinstance(node, ast.ClassDef) else "function", f"{module_name}.{name}")
        elif name in m.imports:
            imp = m.imports[name]
            if imp[0] == "module":
                result = ("module", imp[1]) if imp[1] in self.modules else ("external", imp[1])
            else:
                source, target = imp[1], imp[2]
                if f"{source}.{target}" in self.modules and (source not in self.modules or target not in self.modules[source].defs):
                    result = ("module", f"{source}.{target}")
                elif source in self.modules:
                    result = self.name_in(source, target, depth + 1)
                else:
                    result = ("external", f"{source}.{target}")
        elif name in m.assigns:
            result = ("alias", f"{module_name}.{name}")
        elif f"{module_name}.{name}" in self.modules:
            result = ("module", f"{module_name}.{name}")
        else:
            for star in m.stars:
                if star in self.modules and not name.startswith("_"):
                    found = self.name_in(star, name, depth + 1)
                    if found and found[0] != "external" or (found and not found[1].startswith(star + ".")):
                        result = found
                        break
        self.memo[key] = result
        return result

    def expression(self, module_name, node):
        """The qualified name an expression (Name / Attribute chain) refers to."""
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        found = self.name_in(module_name, node.id)
        if found is None:
            if node.id in BUILTIN_TYPES:
                found = ("external", f"builtins.{node.id}")
            else:
                return None
        for part in reversed(parts):
            if found[0] == "module":
                found = self.name_in(found[1], part)
                if found is None:
                    return None
            else:
                found = ("external", f"{found[1]}.{part}")
        return found


BUILTIN_TYPES = {"str", "int", "float", "bool", "list", "dict", "tuple", "set", "bytes", "object", "type", "Exception", "ValueError", "frozenset"}

# ------------------------------------------------------------------------------------------- type language


def type_of(resolver, module, node, depth=0):
    """Normalises an annotation to the type language (a string: see types.ts / data.ts's parser)."""
    if node is None or depth > 12:
        return "?"
    if isinstance(node, ast.Constant):
        if node.value is None:
            return "None"
        if isinstance(node.value, str):
            try:
                return type_of(resolver, module, ast.parse(node.value, mode="eval").body, depth + 1)
            except SyntaxError:
                return "?"
        return "?"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return union([type_of(resolver, module, node.left, depth + 1), type_of(resolver, module, node.right, depth + 1)])
    if isinstance(node, ast.Subscript):
        base = qualified(resolver, module, node.value)
        args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        last = base.rsplit(".", 1)[-1] if base else ""
        if last == "Optional":
            return union([type_of(resolver, module, args[0], depth + 1), "None"])
        if last == "Union":
            return union([type_of(resolver, module, a, depth + 1) for a in args])
        if last in ("List", "list", "Sequence", "Tuple", "tuple", "Set", "set", "Iterable", "MutableSequence", "FrozenSet", "frozenset"):
            items = [type_of(resolver, module, a, depth + 1) for a in args if not (isinstance(a, ast.Constant) and a.value is Ellipsis)]
            return f"list[{union(items) if items else '?'}]"
        if last in ("Dict", "dict", "Mapping", "MutableMapping", "OrderedDict", "DefaultDict"):
            if len(args) == 2:
                return f"dict[{type_of(resolver, module, args[0], depth + 1)},{type_of(resolver, module, args[1], depth + 1)}]"
            return "dict[?,?]"
        if last == "Literal":
            kinds = set()
            for a in args:
                if isinstance(a, ast.Constant):
                    kinds.add("None" if a.value is None else {bool: "bool", int: "int", float: "float", str: "str"}.get(type(a.value), "?"))
                else:
                    kinds.add("?")
            return union(sorted(kinds))
        if last == "Annotated":
            return type_of(resolver, module, args[0], depth + 1)
        if last in ("Type", "type", "Callable", "ClassVar"):
            return "?"
        return "?"
    if isinstance(node, (ast.Name, ast.Attribute)):
        found = resolver.expression(module.name, node)
        if found is None:
            return "?"
        kind, name = found
        simple = {"builtins.str": "str", "builtins.int": "int", "builtins.float": "float", "builtins.bool": "bool", "builtins.list": "list[?]", "builtins.dict": "dict[?,?]", "builtins.tuple": "list[?]", "builtins.set": "list[?]"}
        if name in simple:
            return simple[name]
        if name.rsplit(".", 1)[-1] in ("List", "Sequence", "Tuple", "Set", "Iterable"):
            return "list[?]"
        if name.rsplit(".", 1)[-1] in ("Dict", "Mapping", "OrderedDict"):
            return "dict[?,?]"
        if kind == "class":
            if name.rsplit(".", 1)[-1] == "PipelineVariable" or name.endswith(".entities.PipelineVariable"):
                return "PipelineVariable"
            return name
        if kind == "alias":
            owner, alias = name.rsplit(".", 1)
            target = resolver.modules[owner].assigns.get(alias)
            return type_of(resolver, resolver.modules[owner], target, depth + 1) if target is not None else "?"
        return "?"
    return "?"


def union(options):
    flat = []
    for option in options:
        for part in split_top(option, "|"):
            if part not in flat:
                flat.append(part)
    if "?" in flat:
        return "?"
    return "|".join(flat)


def split_top(text, sep):
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts


def qualified(resolver, module, node):
    found = resolver.expression(module.name, node)
    return found[1] if found else None


# --------------------------------------------------------------------------------------------- docstrings

SECTION = re.compile(r"^(Args|Arguments|Parameters|Params|Attributes|Keyword Args|Keyword Arguments|Kwargs)\s*:?\s*$")
OTHER_SECTION = re.compile(r"^(Returns?|Raises|Yields?|Examples?|Example Usage|Note|Notes|Warning|Warnings|See Also|Todo|References|Usage|Methods)\s*:?\s*$")
ENTRY = re.compile(r"^\**([A-Za-z_][A-Za-z0-9_]*)\s*(\([^)]*\)?[^:]*)?:\s*(.*)$")
SPHINX = re.compile(r"^:param\s+(?:[^:]*\s)?([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$")


def fold(text):
    text = re.sub(r"\s+", " ", text).strip()
    return text[:DOC_LIMIT] + ("…" if len(text) > DOC_LIMIT else "")


def summary_of(doc):
    if not doc:
        return None
    paragraph = []
    for line in doc.strip().splitlines():
        if not line.strip():
            if paragraph:
                break
            continue
        if SECTION.match(line.strip()) or OTHER_SECTION.match(line.strip()):
            break
        paragraph.append(line.strip())
    return fold(" ".join(paragraph)) or None


def param_docs(doc):
    """name -> text, from Google (`Args:` / numpy-ish `Attributes` + dashes) and Sphinx (`:param x:`) sections.
    The declared types (`name (int or PipelineVariable): ...`, `:type name: int`) go to param_doc_types."""
    return param_docs_and_types(doc)[0]


def param_doc_types(doc):
    return param_docs_and_types(doc)[1]


DOC_CACHE = {}


def param_docs_and_types(doc):
    if doc in DOC_CACHE:
        return DOC_CACHE[doc]
    result, types = {}, {}
    DOC_CACHE[doc] = (result, types)
    if not doc:
        return result, types
    lines = doc.expandtabs().splitlines()
    # Sphinx
    current = None
    for line in lines:
        stripped = line.strip()
        typed = re.match(r"^:type\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$", stripped)
        if typed:
            types.setdefault(typed.group(1), typed.group(2).strip()[:80])
            current = None
            continue
        match = SPHINX.match(stripped)
        if match:
            current = match.group(1)
            result[current] = match.group(2)
        elif current and stripped and not stripped.startswith(":"):
            result[current] += " " + stripped
        else:
            current = None
    # Google / numpy-ish
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if not SECTION.match(stripped):
            i += 1
            continue
        header_indent = len(lines[i]) - len(lines[i].lstrip())
        i += 1
        if i < len(lines) and re.match(r"^\s*-{3,}\s*$", lines[i]):
            i += 1
        entry_indent = None
        current = None
        while i < len(lines):
            line = lines[i]
            if not line.strip():
                i += 1
                continue
            indent = len(line) - len(line.lstrip())
            if indent < header_indent or (indent == header_indent and (SECTION.match(line.strip()) or OTHER_SECTION.match(line.strip()))):
                break
            if entry_indent is None:
                entry_indent = indent
            if indent == entry_indent:
                match = ENTRY.match(line.strip())
                if match:
                    current = match.group(1)
                    declared = re.match(r"^\((.*)\)", (match.group(2) or "").strip())
                    if declared:
                        types.setdefault(current, declared.group(1).strip()[:80])
                    result.setdefault(current, match.group(3))
                    if result[current] != match.group(3):
                        current = None
                elif re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", line.strip()):
                    current = None  # a name without text (numpy-ish shapes)
                else:
                    if indent <= header_indent:
                        break
                    current = None
            elif current and indent > entry_indent:
                result[current] += " " + line.strip()
            i += 1
    folded = {name: fold(text) for name, text in result.items() if text.strip()}
    result.clear()
    result.update(folded)
    return result, types


# -------------------------------------------------------------------------------------------- signatures


class Generator:
    def __init__(self, modules):
        self.modules = modules
        self.resolver = Resolver(modules)
        self.classes = {}  # qualified name -> (module, ClassDef)
        self.functions = {}  # qualified name -> (module, FunctionDef)
        for m in modules.values():
            for name, node in m.defs.items():
                qn = f"{m.name}.{name}"
                if isinstance(node, ast.ClassDef):
                    self.classes[qn] = (m, node)
                else:
                    self.functions[qn] = (m, node)
        self.mro_memo = {}
        self.sig_memo = {}
        self.in_progress = set()

    # --- classes
    def bases(self, qn):
        m, node = self.classes[qn]
        result = []
        for base in node.bases:
            if isinstance(base, ast.Subscript):
                base = base.value  # Generic[T], BaseModel[...]
            if isinstance(base, ast.Name) and base.id in m.shadowed and m.defs[base.id].lineno > node.lineno:
                imp = m.shadowed[base.id]
                result.append(f"{imp[1]}.{imp[2]}" if imp[0] == "from" else imp[1])
                continue
            found = self.resolver.expression(m.name, base)
            result.append(found[1] if found else "?" + ast.unparse(base))
        return result

    def mro(self, qn, depth=0):
        if qn in self.mro_memo:
            return self.mro_memo[qn]
        if depth > 40:
            return [qn]
        self.mro_memo[qn] = [qn]
        order = [qn]
        if qn in self.classes:
            for base in self.bases(qn):
                for c in self.mro(base, depth + 1) if base in self.classes else [base]:
                    if c in order:
                        order.remove(c)
                    order.append(c)
        # Keep `object`-like externals last.
        self.mro_memo[qn] = order
        return order

    def is_pydantic(self, qn):
        return any(c in ("pydantic.BaseModel", "pydantic.main.BaseModel") for c in self.mro(qn))

    def pydantic_extra(self, qn):
        for c in self.mro(qn):
            if c not in self.classes:
                continue
            m, node = self.classes[c]
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "model_config" for t in stmt.targets):
                    if isinstance(stmt.value, ast.Call):
                        for kw in stmt.value.keywords:
                            if kw.arg == "extra":
                                if isinstance(kw.value, ast.Constant) and kw.value.value in ("forbid", "ignore", "allow"):
                                    return kw.value.value
                                return None
                        continue  # a ConfigDict without extra: look further up
                    return None
                if isinstance(stmt, ast.ClassDef) and stmt.name == "Config":
                    return None  # pydantic v1 style: not modelled
        return "ignore"

    def decorator_kind(self, qn):
        """'dataclass' | 'attrs' | 'other' | None for a class's decorators."""
        m, node = self.classes[qn]
        kinds = set()
        for d in node.decorator_list:
            target = d.func if isinstance(d, ast.Call) else d
            name = qualified(self.resolver, m, target) or ast.unparse(target)
            if name in ("dataclasses.dataclass", "dataclass"):
                kinds.add("dataclass")
            elif name in ("attr.s", "attr.attrs", "attrs.define", "attr.define", "attrs.frozen", "attr.frozen"):
                kinds.add("attrs")
            else:
                kinds.add("other")
        if not kinds:
            return None
        return kinds.pop() if len(kinds) == 1 else "other"

    def field_signature(self, qn):
        """The generated __init__ of a dataclass or attrs class: its fields along the MRO, in order."""
        fields = {}
        kw_only_all = False
        for c in reversed(self.mro(qn)):
            if c not in self.classes:
                continue
            kind = self.decorator_kind(c)
            if kind not in ("dataclass", "attrs"):
                if any(isinstance(stmt, ast.AnnAssign) for stmt in self.classes[c][1].body) and c != qn and self.defines(c, "__init__") is None:
                    continue
                continue
            m, node = self.classes[c]
            for d in node.decorator_list:
                if isinstance(d, ast.Call):
                    for kw in d.keywords:
                        if kw.arg == "kw_only" and isinstance(kw.value, ast.Constant) and kw.value.value is True:
                            kw_only_all = True
                        if kw.arg == "init" and isinstance(kw.value, ast.Constant) and kw.value.value is False:
                            return None
                        if kw.arg in ("auto_attribs",) and kind == "attrs":
                            pass
            docs = param_docs(ast.get_docstring(node))
            doc_types = param_doc_types(ast.get_docstring(node))
            for stmt in node.body:
                target, annotation, value = None, None, None
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                    target, annotation, value = stmt.target.id, stmt.annotation, stmt.value
                    if kind == "attrs" and not (isinstance(value, ast.Call) and (qualified(self.resolver, m, value.func) or "").rsplit(".", 1)[-1] in ("ib", "attrib", "field")) and not any(isinstance(d, ast.Call) or ast.unparse(d).endswith("define") for d in node.decorator_list):
                        continue
                elif kind == "attrs" and isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                    value = stmt.value
                    if not (isinstance(value, ast.Call) and (qualified(self.resolver, m, value.func) or ast.unparse(value.func)).rsplit(".", 1)[-1] in ("ib", "attrib", "field")):
                        continue
                    target = stmt.targets[0].id
                else:
                    continue
                if annotation is not None and "ClassVar" in ast.unparse(annotation):
                    continue
                default, required = None, True
                if value is not None:
                    required, default = False, ast.unparse(value)
                    func_name = (qualified(self.resolver, m, value.func) or ast.unparse(value.func)).rsplit(".", 1)[-1] if isinstance(value, ast.Call) else None
                    if func_name in ("field", "ib", "attrib"):
                        args = {kw.arg: kw.value for kw in value.keywords}
                        if "init" in args:
                            if isinstance(args["init"], ast.Constant) and args["init"].value is False:
                                fields.pop(target, None)
                                continue
                            return None
                        if "kw_only" in args or "alias" in args:
                            return None
                        if "default" in args:
                            default = ast.unparse(args["default"])
                        elif "default_factory" in args or "factory" in args:
                            default = ast.unparse(args.get("default_factory") or args["factory"]) + "()"
                        elif value.args and func_name in ("ib", "attrib"):
                            default = ast.unparse(value.args[0])
                        else:
                            required, default = True, None
                        if annotation is None and "type" in args:
                            annotation = args["type"]
                name = target.lstrip("_") if kind == "attrs" else target
                fields.pop(target, None)
                fields[target] = [name, 2 if kw_only_all else 1, type_of(self.resolver, m, annotation) if annotation is not None else "?", default, docs.get(name), None, ast.unparse(annotation) if annotation is not None else None, 1 if required else 0, doc_types.get(name)]
        m, node = self.classes[qn]
        return {"q": f"{qn}.__init__", "p": list(fields.values()), "u": "t", "src": f"{m.rel}:L{node.lineno}"}

    def unmodelled_constructor(self, qn):
        """Classes whose constructor the script cannot see: decorated (attrs, dataclass), metaclasses, __new__, Enum, exceptions."""
        for c in self.mro(qn):
            if c not in self.classes:
                last = c.rsplit(".", 1)[-1]
                if c.startswith("?") or last in ("Enum", "IntEnum", "Exception", "NamedTuple", "TypedDict", "Protocol") or c.startswith("enum."):
                    return True
                continue
            m, node = self.classes[c]
            if node.decorator_list and not self.is_pydantic(c):
                return True
            if any(k.arg == "metaclass" for k in node.keywords) and not self.is_pydantic(c):
                return True
            for stmt in node.body:
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name in ("__new__", "__call__") and stmt.name == "__new__":
                    return True
            if self.defines(c, "__init__"):
                return False
        return False

    def defines(self, c, name):
        if c not in self.classes:
            return None
        for stmt in self.classes[c][1].body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == name:
                return stmt
        return None

    def find_method(self, qn, name, after=None):
        """The class in qn's MRO (after `after`, for super()) that defines `name`: (class, node)."""
        order = self.mro(qn)
        if after is not None:
            if after not in order:
                return None
            order = order[order.index(after) + 1 :]
        for c in order:
            if c not in self.classes:
                if c in ("pydantic.BaseModel", "pydantic.main.BaseModel"):
                    return None
                continue
            node = self.defines(c, name)
            if node is not None:
                return c, node
        return None

    # --- signatures
    def constructor(self, qn):
        key = ("ctor", qn)
        if key in self.sig_memo:
            return self.sig_memo[key]
        self.sig_memo[key] = None
        result = None
        if self.is_pydantic(qn) and not self.pydantic_custom_init(qn):
            result = self.pydantic_signature(qn)
        elif self.generated_init(qn):
            result = self.field_signature(qn)
        elif not self.unmodelled_constructor(qn):
            found = self.find_method(qn, "__init__")
            if found:
                owner, node = found
                result = self.signature(owner, node, context=qn, qualified_name=f"{owner}.__init__", bound=True)
            else:
                m, node = self.classes[qn]
                externals = [c for c in self.mro(qn) if c not in self.classes and c not in ("builtins.object",)]
                if not externals:
                    result = {"q": f"{qn}.__init__", "p": [], "u": "t", "src": f"{m.rel}:L{node.lineno}"}
        self.sig_memo[key] = result
        return result

    def generated_init(self, qn):
        """Whether the first class in the MRO that provides __init__ is a dataclass/attrs class that generates it."""
        for c in self.mro(qn):
            if c not in self.classes:
                return False
            kind = self.decorator_kind(c)
            if kind in ("dataclass", "attrs"):
                return self.defines(c, "__init__") is None
            if kind == "other":
                return False
            if self.defines(c, "__init__"):
                return False
        return False

    def pydantic_custom_init(self, qn):
        for c in self.mro(qn):
            if c in self.classes and self.defines(c, "__init__"):
                return True
        return False

    def pydantic_signature(self, qn):
        extra = self.pydantic_extra(qn)
        if extra is None:
            return None
        fields = {}
        for c in reversed(self.mro(qn)):
            if c not in self.classes:
                continue
            m, node = self.classes[c]
            docs = param_docs(ast.get_docstring(node))
            doc_types = param_doc_types(ast.get_docstring(node))
            for stmt in node.body:
                if not isinstance(stmt, ast.AnnAssign) or not isinstance(stmt.target, ast.Name):
                    continue
                name = stmt.target.id
                if name.startswith("_") or name == "model_config":
                    continue
                annotation = ast.unparse(stmt.annotation)
                if "ClassVar" in annotation:
                    continue
                default, required, alias = None, True, None
                if stmt.value is not None:
                    required = False
                    default = ast.unparse(stmt.value)
                    value = stmt.value
                    if isinstance(value, ast.Call) and qualified(self.resolver, m, value.func) in ("pydantic.Field", "pydantic.fields.Field"):
                        args = {kw.arg: kw.value for kw in value.keywords}
                        if "alias" in args or "validation_alias" in args:
                            return None  # fields passed under another name: not modelled
                        if value.args and not (isinstance(value.args[0], ast.Constant) and value.args[0].value is Ellipsis):
                            default = ast.unparse(value.args[0])
                        elif "default" in args:
                            default = ast.unparse(args["default"])
                        elif "default_factory" in args:
                            default = ast.unparse(args["default_factory"]) + "()"
                        else:
                            required, default = True, None
                fields[name] = [name, 2, type_of(self.resolver, m, stmt.annotation), default, docs.get(name), None, annotation, 1 if required else 0, doc_types.get(name)]
        m, node = self.classes[qn]
        return {
            "q": f"{qn}.__init__",
            "p": list(fields.values()),
            "u": {"forbid": "pf", "ignore": "pi", "allow": "a"}[extra],
            "src": f"{m.rel}:L{node.lineno}",
        }

    def signature(self, owner, node, context=None, qualified_name=None, bound=False, depth=0):
        """A function's signature, `**kwargs` resolved. owner: defining class (or None); context: the class of `self`."""
        key = ("fn", owner, node.name, context, qualified_name)
        if key in self.sig_memo and self.sig_memo[key] is not None:
            return self.sig_memo[key]
        if key in self.in_progress or depth > 25:
            return None
        self.in_progress.add(key)
        try:
            result = self._signature(owner, node, context, qualified_name, bound, depth)
        finally:
            self.in_progress.discard(key)
        self.sig_memo[key] = result
        return result

    def module_of(self, owner, qualified_name):
        if owner:
            return self.classes[owner][0]
        return self.functions[qualified_name][0]

    def _signature(self, owner, node, context, qualified_name, bound, depth):
        m = self.module_of(owner, qualified_name)
        decorators = [ast.unparse(d) for d in node.decorator_list]
        is_static = "staticmethod" in decorators
        args = node.args
        docstring = ast.get_docstring(node)
        docs = dict(param_docs(docstring))
        doc_types = dict(param_doc_types(docstring))
        if owner and node.name == "__init__":
            class_doc = ast.get_docstring(self.classes[owner][1])
            for k, v in param_docs(class_doc).items():
                docs.setdefault(k, v)
            for k, v in param_doc_types(class_doc).items():
                doc_types.setdefault(k, v)
        params = []
        positional = [(a, 0) for a in args.posonlyargs] + [(a, 1) for a in args.args]
        defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
        skip_first = bound and owner is not None and not is_static
        for index, ((arg, kind), default) in enumerate(zip(positional, defaults)):
            if skip_first and index == 0:
                continue
            params.append(self.param(m, arg, kind, default, docs, doc_types))
        if args.vararg:
            params.append(self.param(m, args.vararg, 3, None, docs, doc_types))
        for arg, default in zip(args.kwonlyargs, args.kw_defaults):
            params.append(self.param(m, arg, 2, default, docs, doc_types))
        result = {
            "q": qualified_name,
            "p": params,
            "u": "t",
            "src": f"{m.rel}:L{node.lineno}",
        }
        summary = summary_of(docstring)
        if summary:
            result["s"] = summary
        if node.returns is not None:
            returns = type_of(self.resolver, m, node.returns)
            if returns != "?":
                result["r"] = returns
        if any(d.split("(")[0].rsplit(".", 1)[-1] not in ("staticmethod", "classmethod", "override", "deprecated", "_telemetry_emitter", "runnable_by_pipeline", "validate_call") for d in decorators):
            # A decorator may change the signature: keep the parameters for display, claim nothing.
            result["u"] = "a"
            result["x"] = 1
        if args.kwarg:
            if result["u"] != "a":
                self.resolve_kwargs(result, owner, node, context, m, depth)
            if result["u"] == "a":
                params.append(self.param(m, args.kwarg, 4, None, docs, doc_types))
        return result

    def param(self, m, arg, kind, default, docs, doc_types):
        annotation = ast.unparse(arg.annotation) if arg.annotation is not None else None
        required = 1 if default is None and kind in (0, 1, 2) else 0
        return [arg.arg, kind, type_of(self.resolver, m, arg.annotation) if arg.annotation is not None else "?", ast.unparse(default) if default is not None else None, docs.get(arg.arg), None, annotation, required, doc_types.get(arg.arg)]

    def resolve_kwargs(self, result, owner, node, context, m, depth):
        """What `**kwargs` becomes: forwarded to one callee, read for some keys and dropped, or accepted."""
        name = node.args.kwarg.arg
        reads, forwards, other = self.dict_uses(node, name, owner, context, m, depth)
        if other or len(forwards) > 1:
            result["u"] = "a"
            return
        own = {p[0] for p in result["p"]}
        reads = sorted({r for r in reads if isinstance(r, str) and r not in own})
        if reads:
            result["k"] = reads
        if not forwards:
            result["u"] = "d"
            return
        call = forwards[0]
        if any(k.arg is None and not (isinstance(k.value, ast.Name) and k.value.id == name) for k in call.keywords) or any(isinstance(a, ast.Starred) for a in call.args):
            result["u"] = "a"
            return
        target = self.callee(call, owner, context, m, depth)
        if target is None:
            result["u"] = "a"
            return
        bound_keywords = {k.arg for k in call.keywords if k.arg}
        merged = []
        positional_left = len(call.args)
        for p in target["p"]:
            if p[1] in (0, 1) and positional_left > 0:
                positional_left -= 1
                continue
            if p[1] == 3:
                continue
            if p[0] in bound_keywords or p[0] in own:
                continue
            if p[1] == 4:
                continue
            q = list(p)
            q[1] = 2 if q[1] != 0 else 0
            if q[1] == 0:
                continue  # positional-only parameters cannot be reached by keyword
            q[5] = q[5] or target["q"]
            merged.append(q)
        result["p"].extend(merged)
        result["u"] = target["u"]
        names = {p[0] for p in result["p"]}
        keys = sorted((set(reads) | set(target.get("k", []))) - names)
        if keys:
            # Keys read by name along the way (v1 `train_*` names): known, whatever the callee does.
            result["k"] = keys
        elif "k" in result:
            del result["k"]
        result["f"] = [target["q"], *target.get("f", [])]

    def dict_uses(self, node, name, owner, context, m, depth):
        """How a function uses its dict parameter `name`: the constant keys it reads (or sets, or deletes),
        the calls it is `**`-forwarded to, and whether it is used any other way (then anything goes)."""
        reads, forwards, other = [], [], False
        parents = {}
        for parent in ast.walk(node):
            for child in ast.iter_child_nodes(parent):
                parents[child] = parent
        for use in ast.walk(node):
            if not (isinstance(use, ast.Name) and use.id == name) or use is node:
                continue
            parent = parents.get(use)
            grand = parents.get(parent)
            if isinstance(parent, ast.keyword) and parent.arg is None and isinstance(grand, ast.Call):
                forwards.append(grand)
            elif isinstance(parent, ast.Attribute) and parent.attr in ("get", "pop", "setdefault") and isinstance(grand, ast.Call) and grand.func is parent:
                if grand.args and isinstance(grand.args[0], ast.Constant) and isinstance(grand.args[0].value, str):
                    reads.append(grand.args[0].value)
                else:
                    other = True
            elif isinstance(parent, ast.Attribute) and parent.attr == "update" and isinstance(grand, ast.Call) and grand.func is parent:
                pass  # adds keys; the caller's keys are still judged by the callee
            elif isinstance(parent, ast.Subscript) and parent.value is use and isinstance(parent.slice, ast.Constant) and isinstance(parent.slice.value, str):
                reads.append(parent.slice.value)
            elif isinstance(parent, ast.Compare) and len(parent.ops) == 1 and isinstance(parent.ops[0], (ast.In, ast.NotIn)) and parent.comparators[0] is use and isinstance(parent.left, ast.Constant):
                reads.append(parent.left.value)
            elif isinstance(parent, ast.Call) and use in parent.args and isinstance(parent.func, ast.Name) and parent.func.id in ("renamed_kwargs", "removed_kwargs") and isinstance(parent.args[0], ast.Constant):
                reads.append(parent.args[0].value)
            elif isinstance(parent, ast.Call) and use in parent.args and depth < 20:
                # Passed whole to a helper (`self._setup_for_training_recipe(..., kwargs)`): follow it.
                helper = self.helper_function(parent, owner, context, m)
                if helper is None:
                    other = True
                    continue
                hm, hnode, offset, howner = helper
                index = parent.args.index(use) + offset
                positional = hnode.args.posonlyargs + hnode.args.args
                if index >= len(positional):
                    other = True
                    continue
                r, f, o = self.dict_uses(hnode, positional[index].arg, howner, context or owner if howner else None, hm, depth + 1)
                reads += r
                if f or o:
                    other = True
            else:
                other = True
            if other and os.environ.get("SIGDEBUG"):
                print(f"accepted: {m.name} L{use.lineno} {ast.unparse(grand or parent)[:100]}", file=sys.stderr)
        return reads, forwards, other

    def helper_function(self, call, owner, context, m):
        """(module, function node, how many leading parameters the call does not pass, class) for a helper call."""
        func = call.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self" and owner:
            found = self.find_method(context or owner, func.attr)
            if found is None or self.is_property(found[1]):
                return None
            c, fnode = found
            static = any(ast.unparse(d) == "staticmethod" for d in fnode.decorator_list)
            return self.classes[c][0], fnode, 0 if static else 1, c
        if isinstance(func, ast.Attribute):
            # `PyTorch._device_validate_and_get_type(kwargs, recipe)`: a static method called on its class.
            found = self.resolver.expression(m.name, func.value)
            if found and found[0] == "class":
                method = self.find_method(found[1], func.attr)
                if method and any(ast.unparse(d) == "staticmethod" for d in method[1].decorator_list):
                    return self.classes[method[0]][0], method[1], 0, method[0]
                return None
        found = self.resolver.expression(m.name, func)
        if found and found[0] == "function" and found[1] in self.functions:
            fm, fnode = self.functions[found[1]]
            return fm, fnode, 0, None
        return None

    def callee(self, call, owner, context, m, depth):
        """The signature a call in a function body calls, if the script can prove which one it is."""
        func = call.func
        # super().__init__(...) / super(Cls, self).__init__(...) / super().method(...)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call) and isinstance(func.value.func, ast.Name) and func.value.func.id == "super" and owner:
            start = owner
            if len(func.value.args) == 2:
                found = self.resolver.expression(m.name, func.value.args[0])
                start = found[1] if found else None
                if start is None:
                    return None
            found = self.find_method(context or owner, func.attr, after=start)
            if found is None:
                if func.attr == "__init__" and self.is_pydantic(context or owner):
                    return None
                return None
            c, node = found
            return self.signature(c, node, context=context or owner, qualified_name=f"{c}.{func.attr}", bound=True, depth=depth + 1)
        # self.method(...)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self" and owner:
            found = self.find_method(context or owner, func.attr)
            if found is None:
                return None
            c, node = found
            if self.is_property(node):
                return None
            return self.signature(c, node, context=context or owner, qualified_name=f"{c}.{func.attr}", bound=True, depth=depth + 1)
        # Parent.__init__(self, ...)  — the first argument is self: drop it by treating as bound.
        if isinstance(func, ast.Attribute) and func.attr == "__init__":
            found = self.resolver.expression(m.name, func.value)
            if found and found[0] == "class" and call.args and isinstance(call.args[0], ast.Name) and call.args[0].id == "self":
                sig = self.constructor(found[1])
                if sig is None:
                    return None
                # The explicit self is the first positional argument: the constructor already drops self.
                return {**sig, "p": [["self", 1, "?", None, None, None, None, 1, None]] + sig["p"]}
            return None
        # A module-level class or function by name.
        found = self.resolver.expression(m.name, func)
        if found and found[0] == "class":
            return self.constructor(found[1])
        if found and found[0] == "function" and found[1] in self.functions:
            fm, node = self.functions[found[1]]
            return self.signature(None, node, qualified_name=found[1], depth=depth + 1)
        return None

    @staticmethod
    def is_property(node):
        return any(ast.unparse(d).endswith(("property", ".setter", "cached_property")) for d in node.decorator_list)

    # --- output
    def public_class_methods(self, qn):
        names = {}
        for c in self.mro(qn):
            if c not in self.classes:
                continue
            for stmt in self.classes[c][1].body:
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and not stmt.name.startswith("_") and stmt.name not in names:
                    names[stmt.name] = (c, stmt)
        return names

    def build(self, label):
        classes, functions = {}, {}
        for qn in sorted(self.classes):
            if any(part.startswith("_") for part in qn.split(".")):
                continue
            m, node = self.classes[qn]
            entry = {"b": self.bases(qn), "src": f"{m.rel}:L{node.lineno}"}
            summary = summary_of(ast.get_docstring(node))
            if summary:
                entry["s"] = summary
            if self.is_pydantic(qn):
                extra = self.pydantic_extra(qn)
                if extra:
                    entry["pd"] = extra
            ctor = self.constructor(qn)
            if ctor is not None:
                entry["i"] = ctor
            methods = {}
            for name, (c, stmt) in sorted(self.public_class_methods(qn).items()):
                if self.is_property(stmt):
                    continue
                is_class_or_static = any(ast.unparse(d) in ("classmethod", "staticmethod") for d in stmt.decorator_list)
                sig = self.signature(c, stmt, context=qn, qualified_name=f"{c}.{name}", bound=True)
                if sig is None:
                    continue
                if c != qn:
                    inherited = self.signature(c, stmt, context=c, qualified_name=f"{c}.{name}", bound=True)
                    if inherited == sig:
                        continue  # looked up through the bases at run time
                methods[name] = sig
                del is_class_or_static
            if methods:
                entry["m"] = methods
            classes[qn] = entry
        for qn in sorted(self.functions):
            if any(part.startswith("_") for part in qn.split(".")):
                continue
            m, node = self.functions[qn]
            sig = self.signature(None, node, qualified_name=qn)
            if sig is not None:
                functions[qn] = sig
        aliases = {}
        for m in self.modules.values():
            if any(part.startswith("_") for part in m.name.split(".")):
                continue
            for name in list(m.imports) + [n for star in m.stars for n in self.star_names(star)]:
                if name.startswith("_"):
                    continue
                found = self.resolver.name_in(m.name, name)
                if found and found[0] in ("class", "function") and (found[1] in classes or found[1] in functions):
                    path = f"{m.name}.{name}"
                    if path != found[1]:
                        aliases[path] = found[1]
        return {"label": label, "classes": classes, "functions": functions, "aliases": dict(sorted(aliases.items()))}

    def star_names(self, module_name):
        m = self.modules.get(module_name)
        if m is None:
            return []
        return [n for n in list(m.defs) + list(m.imports) if not n.startswith("_")]


def compact(model):
    """Parameters are shared widely (EstimatorBase's forty, forwarded into every estimator): a table, referenced by index."""
    table, index = [], {}

    def intern(p):
        key = json.dumps(p, separators=(",", ":"))
        if key not in index:
            index[key] = len(table)
            table.append(p)
        return index[key]

    def sig(s):
        s = dict(s)
        s["p"] = [intern(p) for p in s["p"]]
        return s

    for entry in model["classes"].values():
        if "i" in entry:
            entry["i"] = sig(entry["i"])
        if "m" in entry:
            entry["m"] = {k: sig(v) for k, v in entry["m"].items()}
    model["functions"] = {k: sig(v) for k, v in model["functions"].items()}
    model["params"] = table
    return model


# ------------------------------------------------------------------------------------------------- main


def extract(mirror, ref, paths, into):
    data = subprocess.run(["git", f"--git-dir={mirror}", "archive", "--format=tar", ref, *paths], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")


def generate(v2_root, v3_root):
    v2 = Generator(load([(os.path.join(v2_root, "src"), "src/")]))
    v3_roots = [(os.path.join(v3_root, p, "src"), f"{p}/src/") for p in V3_PACKAGES if os.path.isdir(os.path.join(v3_root, p, "src"))]
    v3 = Generator(load(v3_roots))
    return {"v2": compact(v2.build(V2_LABEL)), "v3": compact(v3.build(V3_LABEL))}


def serialise(data):
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, sort_keys=False) + "\n"


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mirror")
    parser.add_argument("--v2", help="an extracted v2 tree (containing src/sagemaker)")
    parser.add_argument("--v3", help="an extracted v3 tree (containing sagemaker-core/src, ...)")
    parser.add_argument("--out", default=OUT_DIR)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        v2_root, v3_root = args.v2, args.v3
        if not (v2_root and v3_root):
            if not args.mirror:
                parser.error("give --mirror, or --v2 and --v3")
            v2_root, v3_root = os.path.join(tmp, "v2"), os.path.join(tmp, "v3")
            extract(args.mirror, V2_REF, ["src/sagemaker"], v2_root)
            extract(args.mirror, V3_REF, [f"{p}/src" for p in V3_PACKAGES], v3_root)
        data = generate(v2_root, v3_root)
    texts = {f"data-{g}.json": serialise(data[g]) for g in ("v2", "v3")}
    with open(__file__, encoding="utf-8") as f:
        script = f.read()
    manifest = {"v2": V2_REF, "v3": V3_REF, "script_sha256": sha256(script)}
    for name, text in texts.items():
        manifest[name] = {"sha256": sha256(text), "bytes": len(text.encode("utf-8"))}
    texts["manifest.json"] = json.dumps(manifest, indent=2) + "\n"
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
            print("stale: " + ", ".join(stale) + " (run: python3 scripts/gen-sdk-signatures.py --mirror <aws/sagemaker-python-sdk clone>)", file=sys.stderr)
            sys.exit(1)
        return
    for name, text in texts.items():
        with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
