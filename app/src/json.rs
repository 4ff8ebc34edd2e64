//! JSON through the browser's own parser and printer (`JSON.parse`/`JSON.stringify`): reading a
//! field is one small call instead of a serde visitor per type, which keeps the wasm small.
//! Missing or mistyped fields read as empty, so a server that adds or drops a detail never
//! breaks a citizen's screen.

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

#[derive(Clone)]
pub struct Json(JsValue);

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
        self.0.is_object()
    }

    pub fn as_string(&self) -> Option<String> {
        self.0.as_string()
    }

    /// A text field, or "" when missing.
    pub fn str(&self, key: &str) -> String {
        self.get(key).0.as_string().unwrap_or_default()
    }

    /// A text field that may be missing or null.
    pub fn opt(&self, key: &str) -> Option<String> {
        self.get(key).0.as_string()
    }

    pub fn num(&self, key: &str) -> Option<f64> {
        self.get(key).0.as_f64()
    }

    pub fn int(&self, key: &str) -> i64 {
        self.num(key).unwrap_or(0.0) as i64
    }

    pub fn bool(&self, key: &str) -> bool {
        self.get(key).0.as_bool().unwrap_or(false)
    }

    pub fn list(&self, key: &str) -> Vec<Json> {
        let v = self.get(key).0;
        if Array::is_array(&v) {
            Array::from(&v).iter().map(Json).collect()
        } else {
            Vec::new()
        }
    }

    /// A list of texts (`["7K4-M2Q-XPA", …]`).
    pub fn strings(&self, key: &str) -> Vec<String> {
        self.list(key)
            .into_iter()
            .filter_map(|j| j.0.as_string())
            .collect()
    }

    /// The text values of an object (`{"title": "…"}`), in order.
    pub fn text_entries(&self, key: &str) -> Vec<(String, String)> {
        let v = self.get(key).0;
        let Some(obj) = v.dyn_ref::<Object>() else {
            return Vec::new();
        };
        Object::entries(obj)
            .iter()
            .filter_map(|pair| {
                let pair = Array::from(&pair);
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect()
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
