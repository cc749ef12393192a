"""Write a bundle's licences/ folder: the licence files and a THIRD-PARTY.md of every bundled distribution."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Files in a .dist-info folder that carry licence or notice text.
LICENCE_NAME = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS|COPYRIGHT)", re.IGNORECASE)
# Qt for Python wheels carry no licence file; their metadata names LGPL-3.0 (which we use) or GPL.
PACKAGING_TEXTS = {"LGPL-3.0": ["LGPL-3.0.txt", "GPL-3.0.txt"]}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _owner_index() -> dict[str, metadata.Distribution]:
    """Map the real path of every installed file to the distribution that installed it."""
    index: dict[str, metadata.Distribution] = {}
    for dist in metadata.distributions():
        for entry in dist.files or ():
            index.setdefault(os.path.realpath(dist.locate_file(entry)), dist)
    return index


def _licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    declared = (meta.get("License") or "").strip()
    if declared and len(declared) <= 80 and "\n" not in declared:
        return declared
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    if classifiers:
        return "; ".join(classifiers)
    return declared.splitlines()[0][:80] if declared else "unknown (see the files)"


def _licence_files(dist: metadata.Distribution) -> list[Path]:
    found = []
    for entry in dist.files or ():
        parts = entry.parts
        in_dist_info = any(part.endswith(".dist-info") for part in parts[:-1])
        if in_dist_info and (("licenses" in parts or "license_files" in parts) or LICENCE_NAME.search(parts[-1])):
            path = Path(dist.locate_file(entry))
            if path.is_file():
                found.append(path)
    return found


def _vendored_libraries(files: list[str]) -> list[str]:
    """Native libraries a wheel vendors in its `<name>.libs/` folder (auditwheel), e.g. GDAL, PROJ, GEOS."""
    names = set()
    for path in files:
        if Path(path).parent.name.endswith(".libs"):
            names.add(re.sub(r"-[0-9a-f]{8}(?=\.so)", "", Path(path).name))
    return sorted(names)


def bundled_distributions(source_paths) -> dict[str, tuple[metadata.Distribution, list[str]]]:
    """The installed distributions that own any of the bundled source files, with those files."""
    index = _owner_index()
    owned: dict[str, tuple[metadata.Distribution, list[str]]] = {}
    for source in source_paths:
        if not source:
            continue
        dist = index.get(os.path.realpath(source))
        if dist is None:
            continue
        key = _canonical(dist.metadata["Name"])
        owned.setdefault(key, (dist, []))[1].append(source)
    return owned


def _system_packages(source_paths, owned_files: set[str]) -> dict[str, list[str]]:
    """Debian packages of the system libraries PyInstaller copied from the build machine (not from a wheel)."""
    packages: dict[str, list[str]] = {}
    for source in source_paths:
        if not source or os.path.realpath(source) in owned_files:
            continue
        if not re.match(r"^/(usr/)?lib(64|32|x32)?/", source) or ".so" not in Path(source).name:
            continue
        for candidate in (source, os.path.realpath(source)):
            found = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
            if found.returncode == 0:
                package = found.stdout.split(":", 1)[0].split(",")[0].strip()
                packages.setdefault(package, []).append(Path(source).name)
                break
        else:
            packages.setdefault("(unknown package)", []).append(source)
    return packages


def write_licences(out: Path, source_paths, root: Path, extra_dists=("pyinstaller",)) -> list[str]:
    """Fill `out` with licence texts and THIRD-PARTY.md; return the distribution names listed."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    owned = bundled_distributions(source_paths)
    owned.pop("sovsplit", None)  # our own code comes from the checkout; listed separately below
    for name in extra_dists:  # parts that are in the bundle but not imported, e.g. PyInstaller's bootloader
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        owned.setdefault(_canonical(dist.metadata["Name"]), (dist, []))

    rows = []
    for key in sorted(owned):
        dist, files = owned[key]
        name, version = dist.metadata["Name"], dist.version
        folder = out / f"{name}-{version}"
        folder.mkdir()
        copied = []
        for path in _licence_files(dist):
            target = folder / path.name
            if target.exists():
                target = folder / f"{path.parent.name}-{path.name}"
            shutil.copyfile(path, target)
            copied.append(target.name)
        licence = _licence_of(dist)
        if not copied:
            for tag, texts in PACKAGING_TEXTS.items():
                if tag in licence:
                    for text in texts:
                        shutil.copyfile(HERE / "licenses" / text, folder / text)
                        copied.append(text)
        if not copied:
            raise SystemExit(
                f"third_party: {name} {version} ships no licence file and none is on file for "
                f"'{licence}'; add its text to packaging/licenses/"
            )
        vendored = _vendored_libraries(files)
        rows.append((name, version, licence, f"{folder.name}/", ", ".join(vendored)))

    # The interpreter itself (libpython and the standard library are in the bundle).
    python_licence = (
        Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "LICENSE.txt"
    )
    python_folder = out / f"Python-{sys.version.split()[0]}"
    python_folder.mkdir()
    if not python_licence.is_file():  # Debian's python3 keeps it as its copyright file
        python_licence = Path(f"/usr/share/doc/python{sys.version_info[0]}.{sys.version_info[1]}/copyright")
    shutil.copyfile(python_licence, python_folder / python_licence.name)
    rows.insert(0, ("Python", sys.version.split()[0], "PSF-2.0", f"{python_folder.name}/", "libpython"))

    # sovsplit itself and its data.
    (out / "sovsplit").mkdir()
    shutil.copyfile(HERE / "licenses" / "GPL-3.0.txt", out / "sovsplit" / "GPL-3.0.txt")
    data = out / "geodata"
    shutil.copytree(root / "geodata" / "licenses", data)
    for text in ("LGPL-3.0.txt", "GPL-3.0.txt"):  # the DCW-derived regions are LGPL-3.0
        if not (data / text).exists():
            shutil.copyfile(HERE / "licenses" / text, data / text)
    shutil.copyfile(root / "geodata" / "SOURCES.md", data / "SOURCES.md")

    lines = [
        "# Third-party components of this sovsplit bundle",
        "",
        "sovsplit itself is free software under the GNU GPL, version 3 or later (`sovsplit/GPL-3.0.txt`).",
        "",
        "## Shipped data",
        "",
        "Where each data file comes from and its licence: `geodata/SOURCES.md`. In short:",
        "",
        "- Region outlines (`regions.geojson`, `neighbours.geojson`, `coastline.geojson`, scenarios) are derived from",
        "  the Digital Chart of the World as packaged by GMT (DCW-GMT), LGPL-3.0 (`geodata/LGPL-3.0.txt`,",
        "  which supplements `geodata/GPL-3.0.txt`).",
        "- Cities: contains data from GeoNames (geonames.org), CC BY 4.0 (`geodata/CC-BY-4.0.txt`).",
        "- Ports: positions and UN/LOCODEs from the searoute package, Apache-2.0 (`geodata/Apache-2.0.txt`).",
        "- Arable model: contains modified Copernicus Climate Change Service information 2000-2025; neither the",
        "  European Commission nor ECMWF is responsible for any use made of it (`geodata/COPERNICUS.txt`).",
        "",
        "## Bundled software",
        "",
        "Qt and Qt for Python (PySide6, shiboken6) are used under the LGPL-3.0. Their unmodified shared libraries",
        "sit as separate files in `_internal/PySide6/Qt/lib/`, so you can replace them with your own build of the",
        "same Qt version; the sources are at https://download.qt.io/official_releases/.",
        "",
        "| distribution | version | licence | licence files | native libraries it vendors |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {n} | {v} | {lic} | `{f}` | {libs} |" for n, v, lic, f, libs in rows]

    # Shared libraries PyInstaller took from the build machine's system (X11/xcb, glib, fontconfig, ...).
    owned_files = {os.path.realpath(p) for _dist, files in owned.values() for p in files}
    system = _system_packages(source_paths, owned_files) if shutil.which("dpkg-query") else {}
    if system:
        lines += [
            "",
            "## System libraries copied from the build machine",
            "",
            "These come from the Debian packages named; each one's `copyright` file (licence and authors)",
            "is in `system/PACKAGE/`.",
            "",
            "| Debian package | version | libraries |",
            "|---|---|---|",
        ]
        for package in sorted(system):
            version = (
                subprocess.run(
                    ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True
                ).stdout.strip()
                or "?"
            )
            copyright_file = Path("/usr/share/doc") / package.split(":")[0] / "copyright"
            if not copyright_file.is_file():
                raise SystemExit(
                    f"third_party: no licence found for the system library package {package} "
                    f"({', '.join(system[package])})"
                )
            folder = out / "system" / package.split(":")[0]
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(copyright_file, folder / "copyright")
            lines.append(f"| {package.split(':')[0]} | {version} | {', '.join(sorted(set(system[package])))} |")
    (out / "THIRD-PARTY.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [row[0] for row in rows]
