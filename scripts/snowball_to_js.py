"""Writes generators/assets/stemmers/<lang>.js from the Python of `snowballstemmer` (the pinned version).

Snowball generates each stemmer for Python and for JavaScript from one `.sbl` file. The Python
package is on PyPI; the JavaScript is not on any registry in a version with Lithuanian and Polish.
So this script translates the generated Python, which uses a small, regular subset of the language
(assignments, `if`, `while True`, `try ... except labN` for Snowball's jumps), statement by
statement into JavaScript. `tests/site/test_stemmer_parity.py` runs both on the same words and
checks they stem every one identically, and that the files here are what this script writes.

Run: .venv/bin/python scripts/snowball_to_js.py
"""

from __future__ import annotations

import ast
import json
import sys
from importlib import metadata
from pathlib import Path

import snowballstemmer

LANGUAGES = {"en": "english", "ru": "russian", "lt": "lithuanian", "pl": "polish", "ro": "romanian"}
OUT = Path(__file__).resolve().parents[1] / "generators" / "assets" / "stemmers"

_COMPARE = {ast.Eq: "===", ast.NotEq: "!==", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_BINARY = {ast.Add: "+", ast.Sub: "-"}


class Unsupported(Exception):
    """A construct this translator does not know: a new Snowball version needs a look."""


class Translator:
    def __init__(self, class_name: str) -> None:
        self.class_name = class_name
        self.labels: list[tuple[str, str]] = []  # (python exception name, javascript label), innermost last
        self.count = 0

    # -- expressions ---------------------------------------------------------------------------

    def expr(self, node: ast.expr) -> str:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                return "true" if node.value else "false"
            if node.value is None:
                return "null"
            if isinstance(node.value, int):
                return str(node.value)
            if isinstance(node.value, str):
                return json.dumps(node.value, ensure_ascii=False)
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute):
            base = node.value
            if isinstance(base, ast.Name) and base.id == "self":
                return f"this.{self.member(node.attr)}"
            if isinstance(base, ast.Name) and base.id == self.class_name:
                return f"{self.class_name}.{node.attr}"
            raise Unsupported(ast.dump(node))
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id == "len" and len(node.args) == 1:
                return f"{self.expr(node.args[0])}.length"
            if isinstance(node.func, ast.Attribute):
                args = ", ".join(self.expr(a) for a in node.args)
                return f"{self.expr(node.func)}({args})"
            raise Unsupported(ast.dump(node))
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                return f"!({self.expr(node.operand)})"
            if isinstance(node.op, ast.USub):
                return f"-{self.expr(node.operand)}"
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return f"({self.expr(node.left)} {_BINARY[type(node.op)]} {self.expr(node.right)})"
        if isinstance(node, ast.BoolOp):
            op = " && " if isinstance(node.op, ast.And) else " || "
            return "(" + op.join(self.expr(v) for v in node.values) + ")"
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARE:
            return f"({self.expr(node.left)} {_COMPARE[type(node.ops[0])]} {self.expr(node.comparators[0])})"
        if isinstance(node, ast.Subscript):
            return f"{self.expr(node.value)}[{self.expr(node.slice)}]"
        raise Unsupported(ast.dump(node))

    @staticmethod
    def member(name: str) -> str:
        return name[2:] if name.startswith("__r_") else name

    # -- statements ----------------------------------------------------------------------------

    def block(self, body: list[ast.stmt], indent: str) -> list[str]:
        lines: list[str] = []
        for stmt in body:
            lines += self.stmt(stmt, indent)
        return lines

    def stmt(self, node: ast.stmt, indent: str) -> list[str]:
        if isinstance(node, ast.Pass):
            return []
        if isinstance(node, ast.Expr):
            return [f"{indent}{self.expr(node.value)};"]
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            return [f"{indent}{self.expr(node.targets[0])} = {self.expr(node.value)};"]
        if isinstance(node, ast.AugAssign) and type(node.op) in _BINARY:
            return [f"{indent}{self.expr(node.target)} {_BINARY[type(node.op)]}= {self.expr(node.value)};"]
        if isinstance(node, ast.Return):
            return [f"{indent}return{' ' + self.expr(node.value) if node.value else ''};"]
        if isinstance(node, ast.Break):
            return [f"{indent}break;"]
        if isinstance(node, ast.Continue):
            return [f"{indent}continue;"]
        if isinstance(node, ast.If):
            lines = [f"{indent}if ({self.expr(node.test)}) {{", *self.block(node.body, indent + "    ")]
            orelse = node.orelse
            while len(orelse) == 1 and isinstance(orelse[0], ast.If):
                lines += [f"{indent}}} else if ({self.expr(orelse[0].test)}) {{"]
                lines += self.block(orelse[0].body, indent + "    ")
                orelse = orelse[0].orelse
            if orelse:
                lines += [f"{indent}}} else {{", *self.block(orelse, indent + "    ")]
            return [*lines, f"{indent}}}"]
        if isinstance(node, ast.While):
            if not (isinstance(node.test, ast.Constant) and node.test.value is True) or node.orelse:
                raise Unsupported(ast.dump(node))
            return [f"{indent}while (true) {{", *self.block(node.body, indent + "    "), f"{indent}}}"]
        if isinstance(node, ast.Raise):
            name = self._raised(node)
            for python_name, label in reversed(self.labels):
                if python_name == name:
                    return [f"{indent}break {label};"]
            raise Unsupported(f"raise {name} outside its try")
        if isinstance(node, ast.Try):
            return self._try(node, indent)
        raise Unsupported(ast.dump(node))

    @staticmethod
    def _raised(node: ast.Raise) -> str:
        exc = node.exc
        if isinstance(exc, ast.Call) and isinstance(exc.func, ast.Name) and not exc.args:
            return exc.func.id
        raise Unsupported(ast.dump(node))

    def _try(self, node: ast.Try, indent: str) -> list[str]:
        """`try: BODY except labN: HANDLER` as a labelled block: `raise labN()` leaves it (`break`)."""
        if len(node.handlers) != 1 or node.orelse or node.finalbody:
            raise Unsupported(ast.dump(node))
        handler = node.handlers[0]
        if not isinstance(handler.type, ast.Name) or handler.name:
            raise Unsupported(ast.dump(node))
        self.count += 1
        label = f"{handler.type.id}_{self.count}"
        self.labels.append((handler.type.id, label))
        body = self.block(node.body, indent + "    ")
        self.labels.pop()
        handler_lines = self.block(handler.body, indent)
        if not handler_lines:
            return [f"{indent}{label}: {{", *body, f"{indent}}}"]
        done = f"done_{self.count}"
        inner = ["    " + line for line in body]
        return [
            f"{indent}{done}: {{",
            f"{indent}    {label}: {{",
            *inner,
            f"{indent}        break {done};",
            f"{indent}    }}",
            *["    " + line for line in handler_lines],
            f"{indent}}}",
        ]

    # -- the class -----------------------------------------------------------------------------

    def method(self, node: ast.FunctionDef) -> list[str]:
        self.labels = []
        local = sorted(
            {
                t.id
                for stmt in ast.walk(node)
                if isinstance(stmt, ast.Assign)
                for t in stmt.targets
                if isinstance(t, ast.Name)
            }
        )
        lines = [f"    {self.member(node.name)}() {{"]
        if local:
            lines.append(f"        let {', '.join(local)};")
        lines += self.block(node.body, "        ")
        return [*lines, "    }"]

    def among(self, node: ast.expr) -> str:
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Among"):
            raise Unsupported(ast.dump(node))
        args = [self.expr(a) for a in node.args[:3]]
        if len(node.args) == 4:
            method = node.args[3]
            if not isinstance(method, ast.Name):
                raise Unsupported(ast.dump(node))
            args.append(f"{self.class_name}.prototype.{self.member(method.id)}")
        return f"A({', '.join(args)})"


def translate(language: str, module: str) -> str:
    source_path = Path(snowballstemmer.__file__).parent / f"{module}_stemmer.py"
    tree = ast.parse(source_path.read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name.endswith("Stemmer"))
    t = Translator(cls.name)
    fields: list[str] = []
    statics: list[str] = []
    methods: list[str] = []
    for node in cls.body:
        if isinstance(node, ast.FunctionDef):
            methods += t.method(node)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, value = node.targets[0].id, node.value
            if isinstance(value, ast.Set):
                statics.append(f"{cls.name}.{name} = new Set([{', '.join(t.expr(e) for e in value.elts)}]);")
            elif isinstance(value, ast.Constant) and isinstance(value.value, str) and name.startswith("g_"):
                chars = ", ".join(json.dumps(c, ensure_ascii=False) for c in value.value)
                statics.append(f"{cls.name}.{name} = new Set([{chars}]);")
            elif isinstance(value, ast.List):
                rows = ",\n".join(f"    {t.among(e)}" for e in value.elts)
                statics.append(f"{cls.name}.{name} = [\n{rows}\n];")
            elif isinstance(value, ast.Tuple):
                statics.append(f"{cls.name}.{name} = [{', '.join(t.expr(e) for e in value.elts)}];")
            elif isinstance(value, ast.Constant):
                fields.append(f"        this.{name} = {t.expr(value)};")
            else:
                raise Unsupported(ast.dump(node))
        elif not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            raise Unsupported(ast.dump(node))
    version = metadata.version("snowballstemmer")
    constructor = ["    constructor() {", "        super();", *fields, "    }"]
    return "\n".join(
        [
            f"// Generated by scripts/snowball_to_js.py from snowballstemmer {version} ({module}_stemmer.py,",
            "// itself generated by Snowball from the algorithm's .sbl file; BSD-3-Clause). Do not edit.",
            f'PlaybookStemmers.define("{language}", function (BaseStemmer, A) {{',
            f"class {cls.name} extends BaseStemmer {{",
            *constructor,
            *methods,
            "}",
            *statics,
            f"return {cls.name};",
            "});",
            "",
        ]
    )


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for language, module in LANGUAGES.items():
        (OUT / f"{language}.js").write_text(translate(language, module), encoding="utf-8")
    print(f"wrote {len(LANGUAGES)} stemmers to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
