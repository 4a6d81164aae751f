//! Typed columns: stored data that does not decode is an error where it is
//! read, never a default. A JSON document in a text column is a [`Json<T>`];
//! a stored enum name is declared with [`stored_enum!`]. Reading a row whose
//! column does not decode fails the query (a logged `500`; a push is aborted
//! and retried), so a damaged row is never overwritten by the next edit,
//! sent to devices as an empty document, or read as its first state.

use std::{
    fmt,
    ops::{Deref, DerefMut},
};

use sea_orm::{
    ColIdx, DbErr, QueryResult, TryGetError, TryGetable,
    sea_query::{ArrayType, ColumnType, Nullable, Value, ValueType, ValueTypeErr},
};
use serde::{Serialize, de::DeserializeOwned};

/// A JSON document of type `T` stored as text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    /// The document.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Json<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for Json<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T: Serialize> Json<T> {
    /// The stored text. Serialising the documents kept here (structs, lists,
    /// maps with text keys) cannot fail; if one ever did, the empty text
    /// stored is not JSON, so the row fails loudly when read back.
    pub fn to_text(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_default()
    }
}

/// Decodes stored text, naming what it is in the error.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| format!("stored {} does not decode: {e}", std::any::type_name::<T>()))
}

impl<T: Serialize> From<Json<T>> for Value {
    fn from(json: Json<T>) -> Value {
        Value::String(Some(json.to_text()))
    }
}

impl<T: DeserializeOwned> TryGetable for Json<T> {
    fn try_get_by<I: ColIdx>(res: &QueryResult, index: I) -> Result<Self, TryGetError> {
        let text = String::try_get_by(res, index)?;
        decode(&text).map(Json).map_err(|e| TryGetError::DbErr(DbErr::Type(format!("{e} (column {index:?})"))))
    }
}

impl<T: DeserializeOwned> ValueType for Json<T> {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        match v {
            Value::String(Some(text)) => decode(&text).map(Json).map_err(|_| ValueTypeErr),
            _ => Err(ValueTypeErr),
        }
    }

    fn type_name() -> String {
        format!("Json<{}>", std::any::type_name::<T>())
    }

    fn array_type() -> ArrayType {
        ArrayType::String
    }

    fn column_type() -> ColumnType {
        ColumnType::Text
    }
}

impl<T> Nullable for Json<T> {
    fn null() -> Value {
        Value::String(None)
    }
}

impl<T: Serialize + DeserializeOwned> sea_orm::IntoActiveValue<Json<T>> for Json<T> {
    fn into_active_value(self) -> sea_orm::ActiveValue<Json<T>> {
        sea_orm::ActiveValue::Set(self)
    }
}

/// A name that is not one of a stored enum's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// The enum.
    pub of: &'static str,
    /// The name found.
    pub name: String,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "stored {} {:?} is not one this server knows", self.of, self.name)
    }
}

/// Stores an enum with `fn as_str(self) -> &'static str` and
/// `fn parse(&str) -> Option<Self>` as its name in a text column; a name the
/// server does not know fails the read.
#[macro_export]
macro_rules! stored_enum {
    ($name:ty) => {
        impl ::std::convert::From<$name> for ::sea_orm::sea_query::Value {
            fn from(value: $name) -> Self {
                ::sea_orm::sea_query::Value::String(Some(value.as_str().to_owned()))
            }
        }

        impl ::sea_orm::TryGetable for $name {
            fn try_get_by<I: ::sea_orm::ColIdx>(
                res: &::sea_orm::QueryResult,
                index: I,
            ) -> ::std::result::Result<Self, ::sea_orm::TryGetError> {
                let name = <String as ::sea_orm::TryGetable>::try_get_by(res, index)?;
                <$name>::parse(&name).ok_or_else(|| {
                    let unknown = $crate::db::typed::UnknownName { of: stringify!($name), name };
                    ::sea_orm::TryGetError::DbErr(::sea_orm::DbErr::Type(unknown.to_string()))
                })
            }
        }

        impl ::sea_orm::sea_query::ValueType for $name {
            fn try_from(
                v: ::sea_orm::sea_query::Value,
            ) -> ::std::result::Result<Self, ::sea_orm::sea_query::ValueTypeErr> {
                match v {
                    ::sea_orm::sea_query::Value::String(Some(name)) => {
                        <$name>::parse(&name).ok_or(::sea_orm::sea_query::ValueTypeErr)
                    }
                    _ => Err(::sea_orm::sea_query::ValueTypeErr),
                }
            }

            fn type_name() -> String {
                stringify!($name).to_owned()
            }

            fn array_type() -> ::sea_orm::sea_query::ArrayType {
                ::sea_orm::sea_query::ArrayType::String
            }

            fn column_type() -> ::sea_orm::sea_query::ColumnType {
                ::sea_orm::sea_query::ColumnType::Text
            }
        }

        impl ::sea_orm::sea_query::Nullable for $name {
            fn null() -> ::sea_orm::sea_query::Value {
                ::sea_orm::sea_query::Value::String(None)
            }
        }

        impl ::sea_orm::IntoActiveValue<$name> for $name {
            fn into_active_value(self) -> ::sea_orm::ActiveValue<$name> {
                ::sea_orm::ActiveValue::Set(self)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value as JsonValue};

    use super::*;

    #[test]
    fn a_stored_document_that_does_not_decode_is_an_error_not_a_default() {
        assert!(<Json<Map<String, JsonValue>> as ValueType>::try_from(Value::String(Some("{\"a\":1}".into()))).is_ok());
        assert!(<Json<Map<String, JsonValue>> as ValueType>::try_from(Value::String(Some("{broken".into()))).is_err());
        assert!(<Json<Vec<String>> as ValueType>::try_from(Value::String(Some("{}".into()))).is_err());
        let err = decode::<Vec<String>>("nope").unwrap_err();
        assert!(err.contains("does not decode"), "{err}");
    }
}
