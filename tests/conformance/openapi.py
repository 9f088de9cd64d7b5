"""Pinterest's OpenAPI 3.0 description as JSON Schema validators for requests and responses.

OpenAPI 3.0 schema objects are not JSON Schema: `nullable`, `readOnly` / `writeOnly`,
boolean `exclusiveMinimum`, ignored `$ref` siblings and OpenAPI's own formats mean
different things, or nothing, to a JSON Schema validator. So every schema is translated
once into JSON Schema 2020-12 (`Translator`) and registered under one URI per direction
(what a client may send differs from what a server may answer). Operations are found
by matching a request's path against the spec's path templates, as a server would.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast
from urllib.parse import parse_qsl, urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry
from referencing.jsonschema import DRAFT202012

JsonDict = dict[str, Any]
Direction = Literal["request", "response"]
SPEC_URI = "urn:pinterest-openapi"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMA_REF = "#/components/schemas/"

# Keywords an OpenAPI 3.0 schema object shares with JSON Schema, with the same meaning.
SAME_KEYWORDS = frozenset(
    {
        "type",
        "enum",
        "format",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "multipleOf",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
        "required",
    }
)
# Keywords the translator rewrites.
REWRITTEN_KEYWORDS = frozenset(
    {
        "$ref",
        "nullable",
        "readOnly",
        "writeOnly",
        "properties",
        "additionalProperties",
        "items",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "exclusiveMinimum",
        "exclusiveMaximum",
    }
)
# Annotations with no say in validation. `discriminator` is only a hint in OpenAPI 3.0:
# the oneOf/anyOf it sits next to decides, so dropping it loses nothing.
ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "default",
        "example",
        "deprecated",
        "externalDocs",
        "xml",
        "discriminator",
    }
)
JSON_MEDIA = re.compile(r"^application/(?:[\w.+-]+\+)?json$")
FORM_MEDIA = "application/x-www-form-urlencoded"


class SpecError(ValueError):
    """The description holds something this translator does not understand."""


# -- formats ------------------------------------------------------------------------------

# RFC 3339 `date-time`, except that the UTC offset may be left out. QUIRK of Pinterest's
# spec: it declares `format: date-time` (RFC 3339, which requires an offset) but documents
# those same values as "Date and time (UTC) ... YYYY-MM-DD'T'hh:mm:ss" with the example
# "2024-01-01T20:10:40" (CatalogsRetailItemsBatch.created_time), and Pinterest's responses
# carry offset-less UTC times such as "2022-02-14T02:54:38" (shared/notes, Pin created_at).
# Only the offset is optional: every other part of RFC 3339 is still checked.
DATE_TIME = re.compile(
    r"^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.\d+)?"
    r"(?:[Zz]|[+-](\d\d):(\d\d))?$"
)
FULL_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")


def _valid_date(year: str, month: str, day: str) -> bool:
    try:
        dt.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    match = DATE_TIME.match(value)
    if match is None:
        return False
    year, month, day, hour, minute, second, off_h, off_m = match.groups()
    # RFC 3339 allows a leap second (60).
    if not (_valid_date(year, month, day) and int(hour) < 24 and int(minute) < 60):
        return False
    if int(second) > 60:
        return False
    return off_h is None or (int(off_h) < 24 and int(off_m) < 60)


def _date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    match = FULL_DATE.match(value)
    return match is not None and _valid_date(*match.groups())


def _int32(value: object) -> bool:
    return not isinstance(value, int) or isinstance(value, bool) or -(2**31) <= value < 2**31


def _int64(value: object) -> bool:
    return not isinstance(value, int) or isinstance(value, bool) or -(2**63) <= value < 2**63


def _byte(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _any(value: object) -> bool:
    return True


# Only OpenAPI's formats: a format not listed here makes the translator fail loudly
# (jsonschema would pass it silently). `float` and `double` allow any JSON number;
# `password` and `binary` only annotate.
FORMATS = FormatChecker(formats=())
for _name, _check in {
    "date-time": _date_time,
    "date": _date,
    "int32": _int32,
    "int64": _int64,
    "byte": _byte,
    "float": _any,
    "double": _any,
    "password": _any,
    "binary": _any,
}.items():
    FORMATS.checks(_name)(_check)


# -- translation ------------------------------------------------------------------------


class Translator:
    """Turns OpenAPI 3.0 schema objects into JSON Schema 2020-12 for one direction."""

    def __init__(self, direction: Direction) -> None:
        self.direction = direction
        # OpenAPI 3.0: readOnly properties "SHOULD NOT be sent as part of the request",
        # writeOnly ones not as part of the response; either is then not required there.
        self.hidden = "readOnly" if direction == "request" else "writeOnly"
        self.uri = f"{SPEC_URI}:{direction}"

    def schema(self, node: object, where: str) -> JsonDict:
        if not isinstance(node, dict):
            raise SpecError(f"{where}: a schema must be an object, not {node!r}")
        if "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith(SCHEMA_REF):
                raise SpecError(f"{where}: unsupported $ref {ref!r}")
            # An OpenAPI 3.0 Reference Object: "any properties added SHALL be ignored".
            return {"$ref": self.uri + ref}
        unknown = {
            key
            for key in node
            if key not in SAME_KEYWORDS | REWRITTEN_KEYWORDS | ANNOTATIONS
            and not key.startswith("x-")
        }
        if unknown:
            raise SpecError(f"{where}: not OpenAPI 3.0 schema keywords: {sorted(unknown)}")
        out: JsonDict = {key: node[key] for key in SAME_KEYWORDS if key in node}
        if "format" in out and out["format"] not in FORMATS.checkers:
            raise SpecError(f"{where}: unknown format {out['format']!r}")
        for flag, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
            # OpenAPI 3.0 keeps draft 4's boolean flag on the bound; 2020-12 wants a number.
            if node.get(flag) is True:
                if bound not in out:
                    raise SpecError(f"{where}: {flag} without {bound}")
                out[flag] = out.pop(bound)
        hidden: set[str] = set()
        if "properties" in node:
            properties: JsonDict = {}
            for name, sub in node["properties"].items():
                if isinstance(sub, dict) and sub.get(self.hidden) is True:
                    # `not {}` rather than `false`: jsonschema drops the path of a false
                    # schema's error, and the message must name the field.
                    properties[name] = {"not": {}}
                    hidden.add(name)
                else:
                    properties[name] = self.schema(sub, f"{where}/properties/{name}")
            out["properties"] = properties
        if hidden and "required" in out:
            out["required"] = [name for name in out["required"] if name not in hidden]
        extra = node.get("additionalProperties")
        if isinstance(extra, bool):
            out["additionalProperties"] = extra
        elif extra is not None:
            out["additionalProperties"] = self.schema(extra, f"{where}/additionalProperties")
        for key in ("items", "not"):
            if key in node:
                out[key] = self.schema(node[key], f"{where}/{key}")
        for key in ("allOf", "oneOf", "anyOf"):
            if key in node:
                out[key] = [
                    self.schema(sub, f"{where}/{key}/{i}") for i, sub in enumerate(node[key])
                ]
        if node.get("nullable") is True:
            out = allow_null(out)
        return out


def allow_null(schema: JsonDict) -> JsonDict:
    """`nullable: true`: null is a valid value.

    OpenAPI 3.0.3 words it as adding "null" to `type` when one is given; Pinterest also
    marks `nullable` on `allOf`-wrapped enums without a `type` (Pin.creative_type), where
    the 3.0.3 wording would make the flag do nothing against the field's plain intent.
    Null is therefore accepted wherever the spec says `nullable: true`, and nowhere else.
    """
    kind = schema.get("type")
    combined = {"allOf", "anyOf", "oneOf", "not"} & set(schema)
    if isinstance(kind, str) and not combined:
        schema = {**schema, "type": [kind, "null"]}
        if "enum" in schema and None not in schema["enum"]:
            schema["enum"] = [*schema["enum"], None]
        return schema
    return {"anyOf": [{"type": "null"}, schema]}


# -- the description ----------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    method: str  # lower case, as in the spec
    template: str  # the spec's path template, e.g. /boards/{board_id}
    spec: JsonDict
    path_params: dict[str, str]
    parameters: tuple[JsonDict, ...]

    @property
    def name(self) -> str:
        return f"{self.method.upper()} {self.template}"


@dataclass(frozen=True)
class Violation:
    where: str  # JSON path in the body (or the parameter's name)
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


Validator = Any  # jsonschema ships no type hints


class OpenApi:
    """Operations, parameters and schemas of one OpenAPI 3.0 description."""

    def __init__(self, document: JsonDict) -> None:
        if not str(document.get("openapi", "")).startswith("3.0."):
            raise SpecError(f"not an OpenAPI 3.0 description: {document.get('openapi')!r}")
        self.document = document
        # Paths in the spec are relative to the server URL (https://api.pinterest.com/v5).
        self.base_path = urlsplit(document["servers"][0]["url"]).path.rstrip("/")
        templates: list[tuple[re.Pattern[str], str, int]] = []
        for template in document["paths"]:
            segments = template.strip("/").split("/")
            literal = sum(1 for segment in segments if "{" not in segment)
            pattern = "^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template)) + "$"
            templates.append((re.compile(pattern), template, literal))
        # A literal segment beats a parameter (/pins/analytics before /pins/{pin_id}).
        templates.sort(key=lambda entry: -entry[2])
        self._templates = [(pattern, template) for pattern, template, _ in templates]
        registry: Registry[Any] = Registry()
        # Every component, translated for each direction: {direction: {name: schema}}.
        self.components: dict[Direction, JsonDict] = {}
        directions: tuple[Direction, ...] = ("request", "response")
        for direction in directions:
            translator = Translator(direction)
            schemas = {
                name: translator.schema(schema, SCHEMA_REF + name)
                for name, schema in document["components"]["schemas"].items()
            }
            self.components[direction] = schemas
            resource = DRAFT202012.create_resource({"components": {"schemas": schemas}})
            registry = registry.with_resource(translator.uri, resource)
        self.registry = registry.crawl()
        self._validators: dict[tuple[str, ...], Validator] = {}

    @classmethod
    def load(cls, path: Path) -> OpenApi:
        with path.open("rb") as handle:
            return cls(json.load(handle))

    # -- finding things ----------------------------------------------------------------

    def resolve(self, node: JsonDict) -> JsonDict:
        """Follows local `$ref`s (of parameters, responses, schemas) in the raw spec."""
        seen = 0
        while "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/"):
                raise SpecError(f"unsupported $ref {ref!r}")
            target: Any = self.document
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
            seen += 1
            if seen > 50:
                raise SpecError(f"$ref loop at {ref}")
        return node

    def operation(self, method: str, url_path: str) -> Operation:
        if not url_path.startswith(self.base_path + "/"):
            raise SpecError(f"{url_path} is not under the API base {self.base_path}")
        relative = url_path[len(self.base_path) :]
        for pattern, template in self._templates:
            match = pattern.match(relative)
            if match is None:
                continue
            item = self.document["paths"][template]
            spec = item.get(method.lower())
            if spec is None:
                continue
            # Path-level parameters apply unless the operation redefines them.
            merged: dict[tuple[str, str], JsonDict] = {}
            for raw in (*item.get("parameters", ()), *spec.get("parameters", ())):
                parameter = self.resolve(raw)
                merged[(parameter["name"], parameter["in"])] = parameter
            return Operation(
                method.lower(), template, spec, match.groupdict(), tuple(merged.values())
            )
        raise SpecError(f"no operation {method.upper()} {relative} in the spec")

    def response_declaration(self, operation: Operation, status: int) -> tuple[str, JsonDict]:
        """The response object for `status`: exact code, then the `4XX` range, then default."""
        responses = operation.spec.get("responses", {})
        for key in (str(status), f"{status // 100}XX", "default"):
            if key in responses:
                return key, self.resolve(responses[key])
        raise SpecError(f"{operation.name} declares no response for {status} and no default")

    def component_name(self, schema: JsonDict) -> str | None:
        ref = schema.get("$ref")
        return ref.removeprefix(SCHEMA_REF) if isinstance(ref, str) else None

    # -- validators --------------------------------------------------------------------

    def _validator(self, key: tuple[str, ...], schema: JsonDict, direction: Direction) -> Validator:
        validator = self._validators.get(key)
        if validator is None:
            translated = Translator(direction).schema(schema, "/".join(key))
            Draft202012Validator.check_schema(translated)
            validator = Draft202012Validator(
                translated, registry=self.registry, format_checker=FORMATS
            )
            self._validators[key] = validator
        return validator

    def component_validator(self, name: str, direction: Direction = "response") -> Validator:
        return self._validator(
            ("component", name, direction), {"$ref": SCHEMA_REF + name}, direction
        )

    def discriminated_component(self, name: str, instance: Mapping[str, Any]) -> str:
        """The component a discriminator's mapping names for `instance`."""
        discriminator = self.document["components"]["schemas"][name]["discriminator"]
        value = instance.get(discriminator["propertyName"])
        mapping = discriminator.get("mapping", {})
        if value not in mapping:
            raise SpecError(f"{name}: no discriminator mapping for {value!r}")
        return str(mapping[value]).removeprefix(SCHEMA_REF)

    # -- checking requests and responses -------------------------------------------------

    def check_response(
        self,
        operation: Operation,
        status: int,
        content_type: str | None,
        body: bytes,
    ) -> list[Violation]:
        try:
            key, declaration = self.response_declaration(operation, status)
        except SpecError as err:
            return [Violation("$", str(err))]
        content: JsonDict = declaration.get("content") or {}
        if not content:
            problems = []
            if body:
                problems.append(Violation("$", f"{status} declares no content, got {body[:80]!r}"))
            if content_type:
                problems.append(
                    Violation("$", f"{status} declares no content, yet Content-Type {content_type}")
                )
            return problems
        media = (content_type or "").split(";")[0].strip().lower()
        if media not in content:
            return [
                Violation("$", f"Content-Type {content_type!r} is not one of {sorted(content)}")
            ]
        if not JSON_MEDIA.match(media):
            return []
        try:
            instance = json.loads(body)
        except ValueError as err:
            return [Violation("$", f"the body is not JSON: {err}")]
        schema = content[media].get("schema")
        if schema is None:
            return []
        validator = self._validator(("response", operation.name, key, media), schema, "response")
        return errors_of(validator, instance)

    def check_request(
        self,
        operation: Operation,
        query: Sequence[tuple[str, str]],
        content_type: str | None,
        body: bytes,
    ) -> list[Violation]:
        problems: list[Violation] = []
        given: dict[str, list[str]] = {}
        for name, value in query:
            given.setdefault(name, []).append(value)
        declared = {(p["name"], p["in"]): p for p in operation.parameters}
        for name in given:
            if (name, "query") not in declared:
                problems.append(Violation(f"query {name}", "not a parameter of the operation"))
        for (name, place), parameter in declared.items():
            if place == "path":
                values = [operation.path_params[name]] if name in operation.path_params else []
            elif place == "query":
                values = given.get(name, [])
            else:
                continue  # headers and cookies: the tests send none the spec defines
            if not values:
                if parameter.get("required"):
                    problems.append(Violation(f"{place} {name}", "required but missing"))
                continue
            schema = parameter.get("schema", {})
            coerced = self._coerce(schema, values)
            validator = self._validator(
                ("parameter", operation.name, place, name), schema, "request"
            )
            problems += [
                Violation(f"{place} {name}{v.where.removeprefix('$')}", v.reason)
                for v in errors_of(validator, coerced)
            ]
        problems += self._check_body(operation, content_type, body)
        return problems

    def _check_body(
        self, operation: Operation, content_type: str | None, body: bytes
    ) -> list[Violation]:
        request_body = operation.spec.get("requestBody")
        if request_body is None:
            return [Violation("body", "the operation takes no body")] if body else []
        request_body = self.resolve(request_body)
        if not body:
            return [Violation("body", "required but empty")] if request_body.get("required") else []
        media = (content_type or "").split(";")[0].strip().lower()
        content = request_body.get("content", {})
        if media not in content:
            return [
                Violation("body", f"Content-Type {content_type!r} is not one of {sorted(content)}")
            ]
        instance: Any
        if JSON_MEDIA.match(media):
            try:
                instance = json.loads(body)
            except ValueError as err:
                return [Violation("body", f"not JSON: {err}")]
        elif media == FORM_MEDIA:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True)
            instance = dict(pairs)
            if len(instance) != len(pairs):
                return [Violation("body", "a form field is repeated")]
        else:
            return [Violation("body", f"cannot check a {media} body")]
        schema = content[media].get("schema")
        if schema is None:
            return []
        validator = self._validator(("request", operation.name, media), schema, "request")
        return errors_of(validator, instance)

    def _coerce(self, schema: JsonDict, values: list[str]) -> object:
        """A query or path parameter's text as the JSON value its schema describes.

        OpenAPI's default for query parameters is style=form, explode=true: an array
        is the parameter repeated. A value that does not parse stays text, so the
        schema's `type` reports it.
        """
        resolved = self.resolve(schema)
        kind = resolved.get("type")
        if kind == "array":
            item_schema = resolved.get("items", {})
            return [self._coerce(item_schema, [value]) for value in values]
        if len(values) > 1:
            return values  # repeated, but not an array: the schema will say so
        text = values[0]
        if kind == "integer" and re.fullmatch(r"-?\d+", text):
            return int(text)
        if kind == "number":
            try:
                return float(text)
            except ValueError:
                return text
        if kind == "boolean" and text in ("true", "false"):
            return text == "true"
        return text


def errors_of(validator: Validator, instance: object) -> list[Violation]:
    """Every violation, each named by the JSON path of the failing value and why."""
    found: list[Violation] = []
    for error in validator.iter_errors(instance):
        found += _describe(error)
    return found


def _describe(error: ValidationError, within: str = "") -> list[Violation]:
    if error.validator in ("oneOf", "anyOf") and error.context:
        # "not valid under any of the given schemas" names no field. Set aside the
        # branches meant for another kind of value (the null of `nullable`, or a
        # mismatch of a direct property's enum, such as media_type "video" against
        # ["image"]); when one branch is left, its errors are the ones that matter.
        branches: dict[int, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
        depth = len(error.absolute_path)
        candidates = [
            index
            for index, errs in branches.items()
            if error.validator_value[index] != {"type": "null"}
            and not any(
                e.validator in ("enum", "const") and len(e.absolute_path) == depth + 1 for e in errs
            )
        ]
        note = f"{within} (in the {error.validator} at {error.json_path})".strip()
        if len(candidates) == 1:
            return [v for sub in branches[candidates[0]] for v in _describe(sub, note)]
        reasons = "; ".join(
            f"#{index}: {_short(branches[index][0].message, 120)}" for index in sorted(branches)
        )
        return [
            Violation(
                error.json_path, f"matches none of the {error.validator} branches ({reasons})"
            )
        ]
    schema_path = "/".join(str(part) for part in error.absolute_schema_path)
    reason = _short(error.message)
    if within:
        reason += " " + within
    return [Violation(error.json_path, f"{reason} [schema: {schema_path}]")]


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_all(endpoint: str, violations: Iterable[Violation], limit: int = 20) -> str:
    listed = list(violations)
    lines = [f"{endpoint}: {v}" for v in listed[:limit]]
    if len(listed) > limit:
        lines.append(f"... and {len(listed) - limit} more")
    return "\n".join(lines)


def as_json(body: bytes) -> Any:
    return cast(Any, json.loads(body))
