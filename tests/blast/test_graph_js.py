"""JavaScript/TypeScript specifiers in the graph: a small TS project with known importers."""

from __future__ import annotations

from skill.blast.graph.js_scan import scan

from .graph_helpers import fan_in, importers, make_repo

PROJECT = {
    "package.json": '{"name": "demo-app", "type": "module"}\n',
    "tsconfig.json": (
        '{\n  // path aliases\n  "compilerOptions": {\n    "baseUrl": ".",\n'
        '    "paths": {"@/*": ["src/*"], "@cfg": ["config/index.ts"]},\n  },\n}\n'
    ),
    "config/index.ts": "export const cfg = 1;\n",
    "src/index.ts": "export * from './util';\nexport { greet } from './greet.js';\n",
    "src/greet.ts": (
        "import type { Name } from './types';\nimport { fmt } from '@/util/format';\n"
        "import { cfg } from '@cfg';\nexport const greet = (n: Name) => fmt(n) + cfg;\n"
    ),
    "src/types.ts": "export type Name = string;\n",
    "src/util/index.ts": "export { fmt } from './format';\n",
    "src/util/format.ts": "export function fmt(x: string) { return x; }\n",
    "src/lazy.ts": "export const load = () => import('./greet.js');\n",
    "src/legacy.cjs": "const util = require('./util');\nmodule.exports = util;\n",
    "src/components/Button.tsx": (
        "import React from 'react';\nimport {\n  fmt,\n} from '../util/format';\n"
        "// import { greet } from '../greet';\n/* import '../types'; */\n"
        "export const Button = () => <b>{fmt('x')}</b>;\n"
    ),
    "src/__tests__/greet.test.ts": "import { greet } from '../greet';\n",
    "src/util/format.spec.js": "const { fmt } = require('./format.ts');\n",
    "packages/shared/package.json": '{"name": "@demo/shared", "main": "dist/index.js"}\n',
    "packages/shared/src/index.ts": "export const shared = 1;\n",
    "packages/shared/src/extra.ts": "export const extra = 1;\n",
    "src/app.ts": "import { shared } from '@demo/shared';\nimport { extra } from '@demo/shared/extra';\n",
}


def test_relative_specifiers_extensions_and_index_files(tmp_path):
    root = make_repo(tmp_path / "r", PROJECT)
    runtime, typed, tests = importers(root, "src/util/format.ts")
    assert runtime == {"src/greet.ts", "src/util/index.ts", "src/components/Button.tsx"}
    assert tests == {"src/util/format.spec.js"}
    # ``./util`` is the folder's index file; ``.cjs`` require and ``export *`` both count
    assert importers(root, "src/util/index.ts")[0] == {"src/index.ts", "src/legacy.cjs"}


def test_js_specifier_naming_a_ts_source_and_dynamic_import(tmp_path):
    root = make_repo(tmp_path / "r", PROJECT)
    runtime, _typed, tests = importers(root, "src/greet.ts")
    assert runtime == {"src/index.ts", "src/lazy.ts"}
    assert tests == {"src/__tests__/greet.test.ts"}


def test_type_only_imports_are_counted_apart(tmp_path):
    root = make_repo(tmp_path / "r", PROJECT)
    assert importers(root, "src/types.ts") == (set(), {"src/greet.ts"}, set())


def test_path_aliases_and_workspace_packages(tmp_path):
    root = make_repo(tmp_path / "r", PROJECT)
    assert importers(root, "config/index.ts")[0] == {"src/greet.ts"}
    assert importers(root, "packages/shared/src/index.ts")[0] == {"src/app.ts"}
    assert importers(root, "packages/shared/src/extra.ts")[0] == {"src/app.ts"}


def test_commented_imports_do_not_count(tmp_path):
    root = make_repo(tmp_path / "r", PROJECT)
    assert "src/components/Button.tsx" not in fan_in(root, "src/greet.ts").importers
    assert "src/components/Button.tsx" not in fan_in(root, "src/types.ts").type_only


def test_scanner_forms():
    text = (
        "import a from './a';\nimport * as b from \"./b\"\nimport './c.css';\n"
        "export * as d from './d';\nimport type { E } from './e';\nimport type from './f';\n"
        "const g = require('./g');\nconst h = await import(`./h`);\n"
        "const i = import(`./i/${x}`);\nconst s = \"import j from './j'\";\n"
        "const url = 'http://x'; const k = require('./k');\nArray.from('./l');\n"
        "export type { M } from './m';\n/**\n * import n from './n'\n */\n"
    )
    assert scan(text) == [
        "r ./a", "r ./b", "r ./d", "t ./e", "r ./f", "t ./m", "r ./c.css", "r ./h", "r ./g", "r ./k",
    ]  # fmt: skip


def test_undeclared_at_alias_means_src(tmp_path):
    files = {
        "app/package.json": '{"name": "app"}\n',
        "app/src/store/cart.ts": "export const cart = 1;\n",
        "app/src/views/Page.vue": "<script setup>\nimport { cart } from '@/store/cart'\n</script>\n",
        "app/src/main.js": "import '~/views/Page.vue';\n",
    }
    root = make_repo(tmp_path / "r", files)
    assert importers(root, "app/src/store/cart.ts")[0] == {"app/src/views/Page.vue"}
    assert importers(root, "app/src/views/Page.vue")[0] == {"app/src/main.js"}
