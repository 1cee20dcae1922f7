"""Great Expectations without the libraries it loads for checks this project never runs: they
are deferred, not left out (src/baspaket/quality/gx_import.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from baspaket.quality.gx_import import DeferredModule, defer


def test_a_deferred_module_is_the_real_one_on_first_use(monkeypatch):
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    defer("colorsys")
    import colorsys

    assert isinstance(colorsys, DeferredModule)
    assert colorsys.rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)
    real = sys.modules["colorsys"]
    assert not isinstance(real, DeferredModule)
    assert colorsys.hls_to_rgb is real.hls_to_rgb  # the placeholder now holds the real contents


def test_a_deferred_package_imports_its_submodules(monkeypatch):
    for name in [n for n in sys.modules if n == "wsgiref" or n.startswith("wsgiref.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.delitem(sys.modules, "wsgiref", raising=False)
    defer("wsgiref")
    from wsgiref.util import guess_scheme

    assert guess_scheme({"HTTPS": "on"}) == "https"


def test_an_imported_or_missing_module_is_left_alone():
    defer("json")
    assert not isinstance(sys.modules["json"], DeferredModule)
    defer("no_such_package.stats")
    assert "no_such_package.stats" not in sys.modules


def test_great_expectations_validates_with_scipy_stats_and_altair_never_loaded():
    """In a fresh interpreter, as a run's ingest step imports it: the project's kind of check
    passes and fails as it should, and neither deferred library was needed."""
    script = textwrap.dedent(
        """
        import sys
        import pandas as pd
        from baspaket.quality.gx_import import DeferredModule, great_expectations

        gx = great_expectations()
        context = gx.get_context(mode="ephemeral")
        batch = context.data_sources.add_pandas("frames").add_dataframe_asset("counts")
        batch = batch.add_batch_definition_whole_dataframe("all").get_batch(
            batch_parameters={"dataframe": pd.DataFrame({"share": [0.01, 0.02]})}
        )
        between = gx.expectations.ExpectColumnValuesToBeBetween
        print(batch.validate(between(column="share", min_value=0, max_value=0.05)).success)
        print(batch.validate(between(column="share", min_value=0, max_value=0.015)).success)
        print(",".join(n for n in ("scipy.stats", "altair") if isinstance(sys.modules.get(n), DeferredModule)))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["True", "False", "scipy.stats,altair"]
