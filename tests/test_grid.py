import pytest

from research.grid import Grid, GridError, combinations, parse_grid, parse_grids


@pytest.mark.parametrize("argument, values", [
    ("options.alpha=0.1,1.0", (0.1, 1.0)),
    ("seed=1,2,3", (1, 2, 3)),
    ("x=-4,+5,1e-3,2.5E2,.5,inf", (-4, 5, 0.001, 250.0, 0.5, float("inf"))),
    ("x=true,False,null", (True, False, None)),
    ("x=english, stop words ,a-b", ("english", "stop words", "a-b")),
    ("x='a,b',\"c, d\"", ("a,b", "c, d")),
    ("x='1.0',\"true\"", ("1.0", "true")),  # quoted: a string, never a number
    (r"x='it\'s',"r'"say \"hi\"","back\\slash"', ("it's", 'say "hi"', "back\\slash")),
    ("x=[1,2],[3]", ([1, 2], [3])),
    ("x=[1, 'a,b', [2, 3]], []", ([1, "a,b", [2, 3]], [])),
    ("x=[ english , null ]", (["english", None],)),
    ("x=only", ("only",)),
    (" seed = 1 ", (1,)),
])
def test_values(argument, values):
    grid = parse_grid(argument)
    assert grid.values == values
    assert [type(v) for v in grid.values] == [type(v) for v in values]


def test_key_is_dotted_and_stripped():
    assert parse_grid(" system.name =lead").key == "system.name"


@pytest.mark.parametrize("argument, message", [
    ("options.alpha", "--grid 'options.alpha': expected key.path=v1,v2,..."),
    ("=1,2", "--grid '=1,2': '' is not a dotted key path"),
    ("a..b=1", "--grid 'a..b=1': 'a..b' is not a dotted key path"),
    ("a=", "--grid 'a=': no values after '='"),
    ("a=  ", "--grid 'a=  ': no values after '='"),
    ("a=1,,2", "--grid 'a=1,,2': empty value at column 5"),
    ("a=1,", "--grid 'a=1,': empty value at column 5"),
    ("a=[1,2", "--grid 'a=[1,2': unclosed '[' at column 3"),
    ("a=[1,[2]", "--grid 'a=[1,[2]': unclosed '[' at column 3"),
    ("a=1]", "--grid 'a=1]': unexpected ']' at column 4"),
    ("a=[1]x", "--grid 'a=[1]x': unexpected 'x' at column 6"),
    ("a='x", "--grid 'a='x': unterminated ' quote at column 3"),
    ('a="x,y', "--grid 'a=\"x,y': unterminated \" quote at column 3"),
    ("a='x'y", "--grid 'a='x'y': unexpected 'y' at column 6"),
    ("a=x'y'", "--grid 'a=x'y'': unexpected ''' inside an unquoted value at column 4"),
    ("a=[1 2 'x']", "--grid 'a=[1 2 'x']': unexpected ''' inside an unquoted value at column 8"),
])
def test_bad_syntax_is_one_exact_line(argument, message):
    with pytest.raises(GridError) as error:
        parse_grid(argument)
    assert str(error.value) == message


@pytest.mark.parametrize("arguments, message", [
    (["seed=1,2", "seed=3"], "--grid 'seed=3': key 'seed' overlaps --grid 'seed=1,2'"),
    (["options=[1]", "options.alpha=1"], "--grid 'options.alpha=1': key 'options.alpha' overlaps --grid 'options=[1]'"),
])
def test_a_key_is_gridded_once(arguments, message):
    with pytest.raises(GridError) as error:
        parse_grids(arguments)
    assert str(error.value) == message


def test_combinations_are_the_product_last_key_fastest():
    grids = parse_grids(["a=1,2", "b=x,y,z"])
    assert grids == [Grid("a", (1, 2)), Grid("b", ("x", "y", "z"))]
    assert combinations(grids) == [{"a": 1, "b": "x"}, {"a": 1, "b": "y"}, {"a": 1, "b": "z"},
                                   {"a": 2, "b": "x"}, {"a": 2, "b": "y"}, {"a": 2, "b": "z"}]
