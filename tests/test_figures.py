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
