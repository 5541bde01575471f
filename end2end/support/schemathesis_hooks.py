"""Generators for what the API document states in words because JSON Schema cannot: loaded by
the schema fuzzing test (end2end/tests/api-schema.test.mjs) through SCHEMATHESIS_HOOKS.

- `trekpost-tracking-number`: TP, 10 Crockford base32 symbols and a mod-37 check symbol, as
  app/src/domain/tracking_number.rs issues them; a random string of that shape has the wrong
  check 36 times in 37, which the server rightly refuses.
- `iana-time-zone`: a zone name the server's time-zone database knows.
- `trekpost-brand-colour`: `#rrggbb` on which white text reaches WCAG AA contrast (4.5:1),
  as app/src/domain/design.rs requires; most random colours are too light.
- `date-time`: an event's `occurred_at` must fall inside the server's window (400 days back,
  10 minutes ahead); the API's only date-time inputs are event times.
"""
from datetime import datetime, timedelta, timezone

import schemathesis
from hypothesis import strategies as st

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _check(body):
    value = 0
    for symbol in body:
        value = (value * 32 + ALPHABET.index(symbol)) % 37
    return value


def _tracking_number(body):
    return f"TP{body}{ALPHABET[_check(body)]}"


tracking_numbers = (
    st.text(alphabet=ALPHABET, min_size=10, max_size=10)
    .filter(lambda body: _check(body) < len(ALPHABET))
    .map(_tracking_number)
)

_now = datetime.now(timezone.utc)
offsets = st.sampled_from([timezone.utc, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5, minutes=-30))])
event_times = st.builds(
    lambda at, zone: at.astimezone(zone).isoformat(),
    st.datetimes(
        min_value=(_now - timedelta(days=390)).replace(tzinfo=None),
        max_value=(_now - timedelta(minutes=1)).replace(tzinfo=None),
        timezones=st.just(timezone.utc),
    ),
    offsets,
)

time_zones = st.sampled_from(
    ["UTC", "Asia/Shanghai", "Europe/Madrid", "America/Los_Angeles", "America/Argentina/Buenos_Aires", "Pacific/Auckland"]
)

def _luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


brand_colours = (
    st.tuples(*(st.integers(0, 255) for _ in range(3)))
    .filter(lambda rgb: 1.05 / (_luminance(rgb) + 0.05) >= 4.5)
    .map(lambda rgb: "#" + "".join(f"{c:02x}" for c in rgb))
)

schemathesis.openapi.format("trekpost-tracking-number", tracking_numbers)
schemathesis.openapi.format("trekpost-brand-colour", brand_colours)
schemathesis.openapi.format("iana-time-zone", time_zones)
schemathesis.openapi.format("date-time", event_times)


@schemathesis.hook
def map_case(context, case):
    """Rules the document states in words, for the generated bodies that break them:
    - rule ids are unique within a rule set (JSON Schema's uniqueItems compares whole objects):
      a repeated id is replaced by a fresh one;
    - a shipment's last leg hands the parcel to the shopper, so it has no `handoff`, and each
      leg's carrier tracking number appears once.
    Negative cases are left as generated: they must be refused for what they break."""
    operation = context.operation
    if operation is None or (case.meta is not None and case.meta.generation.mode.name != "POSITIVE"):
        return case
    if operation.method.upper() == "POST" and operation.path == "/shipments":
        legs = case.body.get("legs") if isinstance(case.body, dict) else None
        if isinstance(legs, list) and legs and all(isinstance(leg, dict) for leg in legs):
            legs[-1].pop("handoff", None)
            numbers = set()
            for i, leg in enumerate(legs):
                if leg.get("tracking_number") in numbers:
                    leg["tracking_number"] = f"LEG{i}{len(numbers)}X"
                numbers.add(leg.get("tracking_number"))
        return case
    if operation.method.upper() != "PUT" or operation.path != "/rules":
        return case
    rules = case.body.get("rules") if isinstance(case.body, dict) else None
    if not isinstance(rules, list):
        return case
    seen = set()
    for i, rule in enumerate(rules):
        if not isinstance(rule, dict) or not isinstance(rule.get("id"), str):
            continue
        n = i
        while rule["id"] in seen:
            rule["id"] = f"rule-{n}"
            n += len(rules)
        seen.add(rule["id"])
    return case
