"""Drive the real sovsplit window through the issue-17 screens and capture each with `import -window root`.

Run under an X server (tools/screenshots.sh starts Xvfb): python tools/screenshot_driver.py OUT_DIR SUFFIX
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def main(out_dir: str, suffix: str) -> int:
    from sovsplit.ui.app import make_application

    app = make_application()
    from sovsplit.model.editing.edits import reassign
    from sovsplit.model.io.resources import geodata_path
    from sovsplit.ui.window.main_window import MainWindow
    from sovsplit.ui.window.style_menu import set_theme
    from sovsplit.ui.window.window_state import install_window_state

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow()
    install_window_state(window)  # a first start: the settings folder is empty
    window.show()
    window.load_in_background(None)

    def settle(seconds: float = 1.5) -> None:
        end = time.time() + seconds
        while time.time() < end:
            app.processEvents()
            time.sleep(0.02)
        if window.scenario is not None:
            window.document.wait(60000)
            window.canvas.wait_for_layers()
        for _ in range(5):
            app.processEvents()

    def shot(name: str) -> None:
        settle()
        window.repaint()
        app.processEvents()
        path = out / f"{name}-{suffix}.png"
        subprocess.run(["import", "-window", "root", str(path)], check=True)
        print(path, flush=True)

    deadline = time.time() + 120
    while window.scenario is None and time.time() < deadline:
        settle(0.5)
    window.annotations.layer.runner.wait(120000)
    shot("1-first-start")

    scenario = window.scenario
    primorsky = [p.id for p in scenario.parcels.values() if p.region_id == "RUPRI"]
    window.document.perform(reassign, primorsky, "east")
    shot("2-primorsky-to-the-east")

    window.annotations.show_card("objection-vladivostok")
    shot("3-argument-card")
    window.annotations.card.hide()

    set_theme(window, "dark")
    window.annotations.show_card("premise-capital-yakutsk")  # the card must read in the dark theme too
    shot("4-dark-theme")
    window.annotations.card.hide()
    set_theme(window, "light")

    window.compare_tool.open()
    window.compare_tool.scenario_list.add_file(geodata_path("scenarios/east-with-primorsky.geojson"))
    window.compare_tool.scenario_list.wait()
    settle(0.5)
    window.compare_tool.scenario_list.request_compare()
    window.compare_tool.view.wait()  # the comparison runs off the GUI thread: shoot its result, not its progress
    shot("5-comparison")
    window.document.undo_stack.clear()
    window.document.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
