"""The built wheel installs adapters as vendorgraph.adapters, every vendor folder included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_built_wheel_imports_every_vendor_from_its_own_files(tmp_path: Path) -> None:
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(ROOT)], check=True)
    [wheel] = wheels.glob("vendorgraph-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True)
    probe = (
        "import vendorgraph.adapters as a, vendorgraph.adapters.sandboxkit as k;"
        "print(a.__file__); print(k.__file__);"
        "print(' '.join(p.name for p in a.plugins()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env={"PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    adapters_file, kit_file, names = result.stdout.splitlines()
    assert adapters_file.startswith(str(site)) and kit_file.startswith(str(site))
    assert names == "techcorp ecommerce techparts talkingshops"
