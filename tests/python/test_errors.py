"""Bad scenarios raise contested.ScenarioError with file, line, column and key."""

import pytest
import yaml

import contested
from conftest import SINGLE_BASE, SUSTAINMENT


def line_of(text, needle):
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_bad_value_in_a_file(tmp_path):
    text = SINGLE_BASE.read_text()
    assert "reliability: 0.9" in text
    bad = text.replace("reliability: 0.9", "reliability: 1.7", 1)
    path = tmp_path / "bad.yaml"
    path.write_text(bad)
    with pytest.raises(contested.ScenarioError) as info:
        contested.run(path, trials=10, progress=False)
    e = info.value
    assert e.file == str(path)
    assert e.line == line_of(bad, "reliability: 1.7")
    assert e.column > 0
    assert e.key.endswith("reliability")
    assert str(e).startswith(f"{path}:{e.line}:{e.column}: {e.key}: ")
    assert "allowed" in e.problem
    assert isinstance(e, ValueError)


def test_validate_reports_every_error(tmp_path):
    text = SINGLE_BASE.read_text()
    bad = text.replace("reliability: 0.9", "reliability: 1.9", 1)
    bad = bad.replace("lat: 26.3545", "lat: 126.3545", 1)
    path = tmp_path / "bad.yaml"
    path.write_text(bad)
    with pytest.raises(contested.ScenarioError) as info:
        contested.validate(path)
    e = info.value
    first, second = line_of(bad, "reliability: 1.9"), line_of(bad, "lat: 126.3545")
    lines = str(e).splitlines()
    assert len(lines) == 2, str(e)
    assert lines[0].startswith(f"{path}:{first}:") and "missiles.srbm.reliability" in lines[0]
    assert lines[1].startswith(f"{path}:{second}:") and "nodes.airbase.lat: 126.3545" in lines[1]
    # The attributes are the first error's.
    assert (e.file, e.line, e.key) == (str(path), first, "missiles.srbm.reliability")


def test_bad_yaml_string_and_unknown_key():
    text = SINGLE_BASE.read_text()
    bad = text.replace("reliability: 0.9", "reliabilty: 0.9", 1)
    with pytest.raises(contested.ScenarioError) as info:
        contested.run(bad, trials=10, progress=False)
    assert info.value.file == "<string>"
    assert info.value.line == line_of(bad, "reliabilty: 0.9")
    assert "reliability" in str(info.value)  # did you mean


def test_yaml_syntax_error_has_a_line():
    with pytest.raises(contested.ScenarioError) as info:
        contested.run("name: x\ndays: [1, 2\nnodes: []\n", trials=10, progress=False)
    assert info.value.line >= 2
    assert info.value.key == "yaml"


def test_bad_dict():
    doc = yaml.safe_load(SINGLE_BASE.read_text())
    doc["days"] = -3
    with pytest.raises(contested.ScenarioError) as info:
        contested.run(doc, trials=10, progress=False)
    e = info.value
    assert e.file == "<dict>"
    assert e.key == "days"
    dumped = yaml.safe_dump(doc, sort_keys=False)
    assert e.line == line_of(dumped, "days: -3")


def test_unknown_posture_lists_the_defined_ones():
    with pytest.raises(contested.ScenarioError) as info:
        contested.run(SUSTAINMENT, trials=10, posture="federatd", progress=False)
    assert "federated" in str(info.value)


def test_missing_file():
    with pytest.raises(contested.ScenarioError) as info:
        contested.run("no/such/scenario.yaml", trials=10, progress=False)
    assert info.value.line == 0
    assert info.value.file == "no/such/scenario.yaml"


def test_validate_and_postures():
    assert contested.postures(SUSTAINMENT) == ["baseline", "federated", "hardened"]
    assert contested.validate(SUSTAINMENT) == ["baseline", "federated", "hardened"]
    assert contested.postures(SINGLE_BASE) == ["baseline"]


def test_bad_arguments():
    with pytest.raises(ValueError, match="trials"):
        contested.run(SINGLE_BASE, trials=0, progress=False)
    with pytest.raises(ValueError, match="backend"):
        contested.run(SINGLE_BASE, trials=10, backend="gpu", progress=False)
    with pytest.raises(ValueError, match="days"):
        contested.run(SINGLE_BASE, trials=10, days=0, progress=False)
    with pytest.raises(TypeError):
        contested.run(42, trials=10, progress=False)
    if contested.cuda_device_count() == 0:
        with pytest.raises(RuntimeError):
            contested.run(SINGLE_BASE, trials=10, backend="cuda", progress=False)
