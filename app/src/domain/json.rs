//! JSON read into domain types, naming the field at fault: one rule for the native API, the
//! aggregators' webhooks and the CSV import. A bad or missing value names its full path
//! (`events[3].location.lat`, `code`), as does an unknown key; what belongs to no field (the
//! wrong shape at the top) is the empty path, the body itself.

use super::FieldError;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// Why a body could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonError {
    /// Not JSON at all.
    #[error("the body is not valid JSON: {0}")]
    Syntax(String),
    /// JSON, but a value does not fit.
    #[error(transparent)]
    Field(FieldError),
}

/// The body as `T`.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, JsonError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => JsonError::Field(field_error("", &path, &inner)),
            // serde_json calls `null` or a number where a name (an enum) belongs a syntax
            // error; if the body is JSON, it is the field's fault.
            _ if serde_json::from_slice::<Value>(body).is_ok() => JsonError::Field(FieldError::new(
                join("", &path),
                "has the wrong type: expected one of the names listed",
            )),
            _ => JsonError::Syntax(inner.to_string()),
        }
    })
}

/// `value`, found at path `at` (empty for the body), as `T`.
pub fn from_value<'a, T: Deserialize<'a>>(value: &'a Value, at: &str) -> Result<T, FieldError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        field_error(at, &path, &error.into_inner())
    })
}

fn field_error(at: &str, path: &str, error: &serde_json::Error) -> FieldError {
    let reason = strip_position(error);
    let mut field = join(at, path);
    // serde reports a missing field at its parent; name the field itself.
    if let Some(name) = reason.strip_prefix("missing field `").and_then(|r| r.strip_suffix('`')) {
        field = join(&field, name);
    }
    FieldError::new(field, reason)
}

/// Numbers written with a zero fraction (`30.0`) as the integers they are: JSON and JSON
/// Schema do not tell them apart, and a client in JavaScript cannot.
pub fn integral_numbers(value: &mut Value) {
    match value {
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            if f.fract() == 0.0 && f.abs() < 2f64.powi(53) {
                *value = if f < 0.0 { Value::from(f as i64) } else { Value::from(f as u64) };
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_numbers),
        Value::Object(fields) => fields.values_mut().for_each(integral_numbers),
        _ => {}
    }
}

/// The first key of `sent` that `understood` (what was read from it, written back) does not
/// have: a field that was accepted but meant nothing, such as a grant's `points` on a kind
/// of grant that has none. serde cannot refuse those on a variant without fields.
pub fn unused_field(sent: &Value, understood: &Value) -> Option<String> {
    fn walk(sent: &Value, understood: &Value, at: String) -> Option<String> {
        match (sent, understood) {
            (Value::Object(sent), Value::Object(understood)) => sent.iter().find_map(|(key, value)| {
                let at = join(&at, key);
                match understood.get(key) {
                    Some(kept) => walk(value, kept, at),
                    None => Some(at),
                }
            }),
            (Value::Array(sent), Value::Array(understood)) => sent
                .iter()
                .zip(understood)
                .enumerate()
                .find_map(|(i, (value, kept))| walk(value, kept, format!("{at}[{i}]"))),
            _ => None,
        }
    }
    walk(sent, understood, String::new())
}

/// `T` from a JSON object only: serde's derive also reads a struct from an array of its
/// fields in order (`[null, null]`), which no client means. Paths inside stay exact.
pub fn object_only<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct Object<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Object<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }
    deserializer.deserialize_map(Object(std::marker::PhantomData))
}

/// `a.b` + `c[0].d` → `a.b.c[0].d`; `.` is serde_path_to_error's name for "right here".
pub fn join(prefix: &str, inner: &str) -> String {
    match (prefix, inner) {
        (p, ".") | (p, "") => p.to_owned(),
        ("", i) => i.to_owned(),
        (p, i) if i.starts_with('[') => format!("{p}{i}"),
        (p, i) => format!("{p}.{i}"),
    }
}

/// serde_json appends " at line 1 column 12" when reading text; the field already says where.
fn strip_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_where_a_name_belongs_is_the_fields_fault_not_the_bodys() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Order {
            #[serde(default)]
            service: crate::domain::shipment::ServiceLevel,
        }
        match parse::<Order>(br#"{"service": null}"#) {
            Err(JsonError::Field(error)) => assert_eq!(error.field, "service"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(parse::<Order>(br#"{"service": nul"#), Err(JsonError::Syntax(_))));
        assert!(matches!(parse::<Order>(b"{\"service\": \"\xff\"}"), Err(JsonError::Syntax(_))), "invalid UTF-8");
    }

    #[test]
    fn integral_floats_become_integers_and_others_stay() {
        let mut value = serde_json::json!({"n": 30.0, "lat": 1.5, "list": [-2.0, 7], "big": 1e300});
        integral_numbers(&mut value);
        assert_eq!(value, serde_json::json!({"n": 30, "lat": 1.5, "list": [-2, 7], "big": 1e300}));
    }

    #[test]
    fn a_key_that_was_read_into_nothing_is_named() {
        let sent = serde_json::json!({"rules": [{"id": "a", "grant": {"kind": "vip_invite", "points": 5}}]});
        let understood = serde_json::json!({"rules": [{"id": "a", "audience": {"who": "everyone"}, "grant": {"kind": "vip_invite"}}]});
        assert_eq!(unused_field(&sent, &understood).as_deref(), Some("rules[0].grant.points"));
        assert_eq!(unused_field(&understood, &understood), None);
    }
    use crate::domain::Latitude;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Input {
        lat: Latitude,
        note: Option<String>,
        inner: Option<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        code: String,
    }

    fn field_of(body: &[u8]) -> FieldError {
        match parse::<Input>(body) {
            Err(JsonError::Field(error)) => error,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn a_bad_value_names_its_field_without_a_text_position() {
        let error = field_of(br#"{"lat": 123.5}"#);
        assert_eq!(error, FieldError::new("lat", "latitude 123.5 is outside -90..=90"));
    }

    #[test]
    fn a_missing_field_is_named_at_any_depth_from_text_or_a_value() {
        assert_eq!(field_of(br#"{}"#).field, "lat");
        assert_eq!(field_of(br#"{"lat": 1, "inner": {}}"#).field, "inner.code");
        let value = serde_json::json!({"lat": 1, "inner": {}});
        let error = from_value::<Input>(&value, "events[2]").unwrap_err();
        assert_eq!(error, FieldError::new("events[2].inner.code", "missing field `code`"));
    }

    #[test]
    fn an_unknown_field_is_named() {
        let error = field_of(br#"{"lat": 1, "latt": 2}"#);
        assert_eq!(error.field, "latt");
        assert!(error.reason.contains("unknown field `latt`"), "{}", error.reason);
    }

    #[test]
    fn broken_json_is_a_syntax_error() {
        assert!(matches!(parse::<Input>(br#"{"lat": "#), Err(JsonError::Syntax(_))));
    }

    #[test]
    fn paths_join_like_serde_path_to_error_prints_them() {
        assert_eq!(join("", "."), "");
        assert_eq!(join("checkpoints[2]", "."), "checkpoints[2]");
        assert_eq!(join("", "a.b"), "a.b");
        assert_eq!(join("data", "checkpoints[0].location"), "data.checkpoints[0].location");
        assert_eq!(join("items", "[3].tag"), "items[3].tag");
        assert_eq!(join("msg", "checkpoints[2].checkpoint_time"), "msg.checkpoints[2].checkpoint_time");
        assert_eq!(join("msg.checkpoints", "[2]"), "msg.checkpoints[2]");
        assert_eq!(join("", "event"), "event");
    }
}
