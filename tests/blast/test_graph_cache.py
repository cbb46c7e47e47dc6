"""The graph cache: where it lives, what it reuses, what invalidates it."""

from __future__ import annotations

import json
import subprocess
import sys

from skill.blast.graph import cache as graph_cache
from skill.blast.graph import parse
from skill.blast.graph.build import load_graph

from .blast_helpers import REPO, clean_env, git, write
from .graph_helpers import fan_in, make_repo

FILES = {
    "pkg/__init__.py": "",
    "pkg/core.py": "X = 1\n",
    "pkg/a.py": "from pkg.core import X\n",
    "pkg/b.py": "from .core import X\n",
    "web/util.ts": "export const u = 1;\n",
    "web/main.ts": "import { u } from './util';\n",
    "README.md": "readme\n",
}


def test_cache_lives_in_the_git_folder_and_leaves_the_work_tree_alone(tmp_path):
    root = make_repo(tmp_path / "r", FILES).resolve()
    _graph, report = load_graph(root)
    assert report.saved_to is not None
    git_dir = git(root, "rev-parse", "--absolute-git-dir").strip()
    assert str(report.saved_to).startswith(git_dir + "/")
    assert git(root, "status", "--porcelain", "--untracked-files=all", "--ignored") == ""
    data = json.loads(report.saved_to.read_bytes())
    assert data["format"] == graph_cache.FORMAT and "pkg/a.py" in data["entries"]


def test_warm_load_reads_and_resolves_nothing(tmp_path):
    root = make_repo(tmp_path / "r", FILES).resolve()
    first = load_graph(root)[1]
    assert (first.read, first.complete) == (6, True)  # the six code files; README is not read
    second = load_graph(root)[1]
    assert (second.read, second.resolved, second.saved_to) == (0, 0, None)


def test_an_edit_rereads_only_that_file(tmp_path):
    root = make_repo(tmp_path / "r", FILES).resolve()
    load_graph(root)
    write(root, "pkg/b.py", "X = 2\n")  # b no longer imports core
    graph, report = load_graph(root)
    assert (report.read, report.resolved) == (1, 1)
    assert graph is not None and graph.fan_in("pkg/core.py").importers == ("pkg/a.py",)


def test_new_and_deleted_files_change_the_graph(tmp_path):
    root = make_repo(tmp_path / "r", FILES).resolve()
    load_graph(root)
    write(root, "pkg/c.py", "from pkg import core\n")  # untracked, not staged
    (root / "pkg/a.py").unlink()
    graph, report = load_graph(root)
    # c.py is read; it and the files whose imports mention "a" or "c" are resolved again
    assert report.read == 1 and report.resolved == 2
    assert graph is not None
    assert graph.fan_in("pkg/core.py").importers == ("pkg/b.py", "pkg/c.py")


def test_a_new_index_file_is_found_by_existing_imports(tmp_path):
    files = dict(FILES)
    files["web/lib/helpers.ts"] = "export const h = 1;\n"
    files["web/use.ts"] = "import { h } from './lib';\n"
    root = make_repo(tmp_path / "r", files).resolve()
    assert fan_in(root, "web/lib/helpers.ts").importers == ()
    write(root, "web/lib/index.ts", "export * from './helpers';\n")
    graph, report = load_graph(root)
    assert report.resolved < 8  # not everything
    assert graph is not None and graph.fan_in("web/lib/index.ts").importers == ("web/use.ts",)
    assert graph.fan_in("web/lib/helpers.ts").importers == ("web/lib/index.ts",)


def test_a_new_package_marker_resolves_everything(tmp_path):
    files = {"lib/core.py": "X = 1\n", "lib/user.py": "from core import X\n"}
    root = make_repo(tmp_path / "r", files).resolve()
    assert fan_in(root, "lib/core.py").importers == ("lib/user.py",)  # a script folder
    write(root, "lib/__init__.py", "")  # now a package: ``core`` is no longer top-level there
    graph, report = load_graph(root)
    assert report.resolved == 3
    assert graph is not None and graph.fan_in("lib/core.py").importers == ()


def test_a_config_change_re_resolves(tmp_path):
    files = dict(FILES)
    files["tsconfig.json"] = '{"compilerOptions": {"baseUrl": "."}}\n'
    files["web/deep.ts"] = "import { u } from 'web/util';\n"
    root = make_repo(tmp_path / "r", files).resolve()
    assert fan_in(root, "web/util.ts").importers == ("web/deep.ts", "web/main.ts")
    write(root, "tsconfig.json", '{"compilerOptions": {}}\n')
    graph, report = load_graph(root)
    assert report.read == 1 and report.resolved == 7
    assert graph is not None and graph.fan_in("web/util.ts").importers == ("web/main.ts",)


def test_a_corrupt_or_foreign_cache_is_rebuilt(tmp_path):
    root = make_repo(tmp_path / "r", FILES).resolve()
    saved = load_graph(root)[1].saved_to
    assert saved is not None
    shaped = json.dumps({"format": graph_cache.FORMAT, "entries": {"pkg/a.py": 5}, "edges": {}})
    for junk in (b"{not json", b'{"format": 999}', b"[]", shaped.encode()):
        saved.write_bytes(junk)
        graph, report = load_graph(root)
        assert report.read == 6 and graph is not None
        assert graph.fan_in("pkg/core.py").importers == ("pkg/a.py", "pkg/b.py")


def test_unwritable_git_folder_falls_back_to_the_user_cache(tmp_path, monkeypatch):
    root = make_repo(tmp_path / "r", FILES).resolve()
    git_dir = git(root, "rev-parse", "--absolute-git-dir").strip()
    (tmp_path / "r" / ".git" / graph_cache.FOLDER_NAME).write_text("a file, not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    saved = load_graph(root)[1].saved_to
    assert saved is not None and str(saved).startswith(str(tmp_path / "xdg"))
    assert not str(saved).startswith(git_dir)
    assert load_graph(root)[1].read == 0


def test_parallel_and_serial_reads_agree(tmp_path, monkeypatch):
    files = {f"m{i}.py": f"import m{(i + 1) % 40}\n" for i in range(40)}
    root = make_repo(tmp_path / "r", files).resolve()
    items = [(p, (root / p).stat().st_size, 0) for p in sorted(files)]
    serial, done = parse.read_all(str(root), items, lambda: False)
    monkeypatch.setattr(parse, "PARALLEL_FROM", 1)
    monkeypatch.setattr(parse, "PARALLEL_CPUS", 2)
    monkeypatch.setattr(parse, "_cpus", lambda: 2)
    parallel, done_parallel = parse.read_all(str(root), items, lambda: False)
    assert done and done_parallel and serial == parallel and len(serial) == 40


def test_past_the_budget_the_scorer_uses_the_text_search(tmp_path):
    root = make_repo(tmp_path / "r", FILES).resolve()
    graph, report = load_graph(root, budget=1e-9)
    assert graph is None and not report.complete
    done = subprocess.run(
        [sys.executable, "-m", "skill", "blast-radius", "pkg/core.py", "--json"],
        cwd=root,
        env=clean_env(IP_BLAST_GRAPH_BUDGET="0.000000001"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert json.loads(done.stdout)["signals"]["deps"]["method"] == "text"
    assert load_graph(root)[1].complete  # a later call with time to spare finishes the build


def test_concurrent_builds_leave_a_readable_cache(tmp_path):
    files = {f"m{i}.py": f"import m{(i + 1) % 60}\n" for i in range(60)}
    root = make_repo(tmp_path / "r", files).resolve()
    script = (
        "import sys; from pathlib import Path; from skill.blast.graph.build import load_graph; "
        "g, r = load_graph(Path(sys.argv[1])); assert g is not None; "
        "assert g.fan_in('m1.py').importers == ('m0.py',)"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(root)], env=clean_env(), cwd=REPO)
        for _ in range(4)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    assert load_graph(root)[1].read == 0
