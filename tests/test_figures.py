from research.figures import new_figure, png_bytes


def _plot() -> bytes:
    figure, axes = new_figure()
    axes.plot([1, 2, 3], [0.2, 0.5, 0.4], marker="o")
    axes.set_title("same every time")
    return png_bytes(figure)


def test_png_is_byte_identical_across_renders():
    first, second = _plot(), _plot()
    assert first.startswith(b"\x89PNG")
    assert first == second


def test_the_reliability_diagram_ignores_float_noise_from_another_cpu_but_not_a_real_change():
    from research.classification.figures import reliability_figure

    rows = [{"confidence": 0.43217, "accuracy": 0.5}, {"confidence": 0.81234, "accuracy": 0.875}]
    noisy = [{**r, "confidence": r["confidence"] + 2e-3} for r in rows]  # another CPU's fine-tune
    moved = [{**r, "confidence": r["confidence"] + 0.05} for r in rows]
    first = reliability_figure({"setfit_logreg": rows}, "t")
    assert reliability_figure({"setfit_logreg": noisy}, "t") == first
    assert reliability_figure({"setfit_logreg": moved}, "t") != first
