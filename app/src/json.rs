//! JSON through the browser's own parser and printer (`JSON.parse`/`JSON.stringify`): reading a
//! field is one small call instead of a serde visitor per type, which keeps the citizen's wasm
//! small. Reading is strict: a field the contract requires that is missing or of another kind is
//! an error (`Bad`) naming the field, never a silent empty value. `wire_read` builds the
//! `domain::wire` types from these readers.

use js_sys::{Array, Object, Reflect, JSON};
use std::collections::BTreeMap;
use wasm_bindgen::{JsCast, JsValue};

#[derive(Clone)]
pub struct Json(JsValue);

/// An answer that is not what the contract says: the field that was missing or of another kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Bad(pub String);

fn bad<T>(key: &str) -> Result<T, Bad> {
    Err(Bad(key.to_string()))
}

impl Json {
    pub fn parse(text: &str) -> Option<Json> {
        JSON::parse(text).ok().map(Json)
    }

    pub fn get(&self, key: &str) -> Json {
        if self.0.is_object() {
            Json(Reflect::get(&self.0, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED))
        } else {
            Json(JsValue::UNDEFINED)
        }
    }

    pub fn is_object(&self) -> bool {
        self.0.is_object() && !Array::is_array(&self.0)
    }

    /// Missing or `null`: what serde reads as `None`.
    pub fn is_absent(&self) -> bool {
        self.0.is_undefined() || self.0.is_null()
    }

    /// A required text.
    pub fn text(&self, key: &str) -> Result<String, Bad> {
        self.get(key).0.as_string().map_or_else(|| bad(key), Ok)
    }

    /// A text that may be missing or `null`.
    pub fn opt_text(&self, key: &str) -> Result<Option<String>, Bad> {
        let v = self.get(key);
        if v.is_absent() {
            return Ok(None);
        }
        v.0.as_string().map_or_else(|| bad(key), |s| Ok(Some(s)))
    }

    fn number(&self, key: &str) -> Result<f64, Bad> {
        match self.get(key).0.as_f64() {
            Some(n) if n.is_finite() => Ok(n),
            _ => bad(key),
        }
    }

    /// A whole number (Unix seconds, counts, days) within `min..=max`.
    fn whole(&self, key: &str, min: f64, max: f64) -> Result<f64, Bad> {
        let n = self.number(key)?;
        if n.fract() == 0.0 && (min..=max).contains(&n) {
            Ok(n)
        } else {
            bad(key)
        }
    }

    pub fn i64(&self, key: &str) -> Result<i64, Bad> {
        // Beyond 2^53 a JSON number is not exact anyway.
        self.whole(key, -9.0e15, 9.0e15).map(|n| n as i64)
    }

    pub fn u64(&self, key: &str) -> Result<u64, Bad> {
        self.whole(key, 0.0, 9.0e15).map(|n| n as u64)
    }

    pub fn u32(&self, key: &str) -> Result<u32, Bad> {
        self.whole(key, 0.0, u32::MAX as f64).map(|n| n as u32)
    }

    pub fn i32(&self, key: &str) -> Result<i32, Bad> {
        self.whole(key, i32::MIN as f64, i32::MAX as f64)
            .map(|n| n as i32)
    }

    pub fn opt_u32(&self, key: &str) -> Result<Option<u32>, Bad> {
        if self.get(key).is_absent() {
            return Ok(None);
        }
        self.u32(key).map(Some)
    }

    pub fn opt_u8(&self, key: &str) -> Result<Option<u8>, Bad> {
        match self.opt_u32(key)? {
            None => Ok(None),
            Some(n) => u8::try_from(n).map_or_else(|_| bad(key), |n| Ok(Some(n))),
        }
    }

    pub fn flag(&self, key: &str) -> Result<bool, Bad> {
        self.get(key).0.as_bool().map_or_else(|| bad(key), Ok)
    }

    /// A flag serde defaults to `false` when it is missing.
    pub fn flag_or_false(&self, key: &str) -> Result<bool, Bad> {
        if self.get(key).is_absent() {
            return Ok(false);
        }
        self.flag(key)
    }

    /// A code read with `parse` (an enum of `domain`): an unknown code is an error.
    pub fn code<T>(&self, key: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T, Bad> {
        parse(&self.text(key)?).map_or_else(|| bad(key), Ok)
    }

    pub fn opt_code<T>(
        &self,
        key: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<T>, Bad> {
        match self.opt_text(key)? {
            None => Ok(None),
            Some(s) => parse(&s).map_or_else(|| bad(key), |v| Ok(Some(v))),
        }
    }

    /// The items of a required list.
    pub fn items(&self, key: &str) -> Result<Vec<Json>, Bad> {
        let v = self.get(key).0;
        if Array::is_array(&v) {
            Ok(Array::from(&v).iter().map(Json).collect())
        } else {
            bad(key)
        }
    }

    /// A list of texts (`["7K4-M2Q-XPA", …]`), missing or `null` as `None`.
    pub fn opt_texts(&self, key: &str) -> Result<Option<Vec<String>>, Bad> {
        if self.get(key).is_absent() {
            return Ok(None);
        }
        self.items(key)?
            .into_iter()
            .map(|j| j.0.as_string().map_or_else(|| bad(key), Ok))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// An object of texts (`{"title": "…"}`); missing or `null` as empty (serde's default).
    pub fn text_map(&self, key: &str) -> Result<BTreeMap<String, String>, Bad> {
        let v = self.get(key);
        if v.is_absent() {
            return Ok(BTreeMap::new());
        }
        let Some(obj) = v.0.dyn_ref::<Object>().filter(|_| v.is_object()) else {
            return bad(key);
        };
        Object::entries(obj)
            .iter()
            .map(|pair| {
                let pair = Array::from(&pair);
                match (pair.get(0).as_string(), pair.get(1).as_string()) {
                    (Some(k), Some(v)) => Ok((k, v)),
                    _ => bad(key),
                }
            })
            .collect()
    }

    // The phone's own saved data (a draft, the outbox, photos) is read leniently: a field that is
    // not there yet is empty. Never used for what the server sends.

    pub fn str_or_empty(&self, key: &str) -> String {
        self.get(key).0.as_string().unwrap_or_default()
    }

    pub fn num_or_none(&self, key: &str) -> Option<f64> {
        self.get(key).0.as_f64().filter(|n| n.is_finite())
    }

    pub fn strings_or_empty(&self, key: &str) -> Vec<String> {
        self.opt_texts(key).ok().flatten().unwrap_or_default()
    }
}

/// Builds a JSON object field by field, in order.
pub struct Obj(Object);

impl Default for Obj {
    fn default() -> Self {
        Obj(Object::new())
    }
}

impl Obj {
    pub fn new() -> Obj {
        Obj::default()
    }

    fn set(self, key: &str, v: &JsValue) -> Obj {
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), v);
        self
    }

    pub fn str(self, key: &str, v: &str) -> Obj {
        self.set(key, &JsValue::from_str(v))
    }

    /// `null` when absent (the wire format's optional fields).
    pub fn opt(self, key: &str, v: Option<&str>) -> Obj {
        self.set(key, &v.map(JsValue::from_str).unwrap_or(JsValue::NULL))
    }

    pub fn num(self, key: &str, v: f64) -> Obj {
        self.set(key, &JsValue::from_f64(v))
    }

    pub fn bool(self, key: &str, v: bool) -> Obj {
        self.set(key, &JsValue::from_bool(v))
    }

    pub fn opt_num(self, key: &str, v: Option<f64>) -> Obj {
        self.set(key, &v.map(JsValue::from_f64).unwrap_or(JsValue::NULL))
    }

    pub fn obj(self, key: &str, v: Obj) -> Obj {
        self.set(key, &v.0)
    }

    pub fn strings(self, key: &str, v: &[String]) -> Obj {
        let a: Array = v.iter().map(|s| JsValue::from_str(s)).collect();
        self.set(key, &a)
    }

    pub fn objs(self, key: &str, v: Vec<Obj>) -> Obj {
        let a: Array = v.into_iter().map(|o| JsValue::from(o.0)).collect();
        self.set(key, &a)
    }

    pub fn text(&self) -> String {
        JSON::stringify(&self.0)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    }
}
