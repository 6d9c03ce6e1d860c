"""The file schema and the models the pages read: the same classes, with the same fields.

Authors' files are checked against `schema`; pages read `models`. A field added
to one and forgotten in the other would either never reach a page or fail every
load, so the two are compared here, class by class.
"""

from __future__ import annotations

import dataclasses
import inspect

from pydantic import BaseModel

from opsporing.content import Content, models, schema


def _schema_classes() -> dict[str, type[BaseModel]]:
    return {
        name: cls
        for name, cls in inspect.getmembers(schema, inspect.isclass)
        if issubclass(cls, BaseModel)
        and cls.__module__ == schema.__name__
        and cls is not schema.Model
    }


def _model_classes() -> dict[str, type]:
    return {
        name: cls
        for name, cls in inspect.getmembers(models, inspect.isclass)
        if dataclasses.is_dataclass(cls) and cls.__module__ == models.__name__
    }


def test_every_schema_class_has_its_namesake_among_the_models() -> None:
    assert sorted(_schema_classes()) == sorted(_model_classes())


def test_each_pair_has_the_same_fields_and_the_same_parents() -> None:
    shapes = _model_classes()
    for name, checked in _schema_classes().items():
        read = shapes[name]
        assert set(checked.model_fields) == {f.name for f in dataclasses.fields(read)}, name
        parents = [base.__name__ for base in checked.__bases__ if base is not schema.Model]
        assert parents == [base.__name__ for base in read.__bases__ if base is not object], name


def test_the_pages_get_no_pydantic_object_anywhere_in_the_content(shipped: Content) -> None:
    def walk(value: object, where: str) -> None:
        assert not isinstance(value, BaseModel), where
        if dataclasses.is_dataclass(value):
            for field in dataclasses.fields(value):
                walk(getattr(value, field.name), f"{where}.{field.name}")
        elif isinstance(value, tuple | list):
            assert isinstance(value, tuple), f"{where}: content is read, never written"
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]")
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}[{key}]")
        else:
            assert type(value).__module__ in ("builtins", "datetime", models.__name__), where

    walk(shipped, "content")
