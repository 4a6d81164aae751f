//! The stable error codes of the fieldsync API.
//!
//! Every error the server answers carries one of these codes in
//! `{"error": {"code": ..., "message": ..., "details": ...}}`. The codes are part
//! of the protocol: they never change meaning, new ones are only added, and a
//! client decides what to do from the code alone (the message is for people).

use serde::{Deserialize, Serialize};

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident = ($code:literal, $status:literal, $retry:literal, $en:literal, $zh:literal); )*) => {
        /// A machine-readable error code with its HTTP status and default messages.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
        }

        impl ErrorCode {
            /// Every code, in declaration order (for documentation and tests).
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The snake_case code as it appears on the wire.
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code,)* }
            }

            /// The HTTP status the server answers with this code.
            pub fn http_status(self) -> u16 {
                match self { $(ErrorCode::$variant => $status,)* }
            }

            /// Whether the same request may succeed if retried later unchanged.
            pub fn retryable(self) -> bool {
                match self { $(ErrorCode::$variant => $retry,)* }
            }

            /// The default human message in English.
            pub fn message_en(self) -> &'static str {
                match self { $(ErrorCode::$variant => $en,)* }
            }

            /// The default human message in Chinese.
            pub fn message_zh(self) -> &'static str {
                match self { $(ErrorCode::$variant => $zh,)* }
            }

            /// Parses a wire code back into an `ErrorCode`.
            pub fn parse(code: &str) -> Option<ErrorCode> {
                match code { $($code => Some(ErrorCode::$variant),)* _ => None }
            }
        }
    };
}

error_codes! {
    /// The request body is not valid JSON, or not of the expected shape.
    MalformedJson = ("malformed_json", 400, false,
        "The request body is not valid JSON of the expected shape.",
        "请求体不是格式正确的 JSON。");
    /// A query string or path parameter could not be parsed.
    InvalidParameter = ("invalid_parameter", 400, false,
        "A parameter in the URL is invalid.",
        "URL 中的参数无效。");
    /// The request is well-formed but its content breaks a rule; `details` lists the fields.
    ValidationFailed = ("validation_failed", 422, false,
        "Some fields are invalid.",
        "部分字段不合法。");
    /// The request's content type is not JSON where JSON is required.
    UnsupportedMediaType = ("unsupported_media_type", 415, false,
        "The request must be sent as application/json.",
        "请求必须以 application/json 格式发送。");
    /// The request body is larger than the server accepts.
    PayloadTooLarge = ("payload_too_large", 413, false,
        "The request body is too large.",
        "请求体过大。");
    /// No credentials were sent where they are required.
    Unauthenticated = ("unauthenticated", 401, false,
        "Sign in to continue.",
        "请先登录。");
    /// The user name or password is wrong (which of the two is not said).
    InvalidCredentials = ("invalid_credentials", 401, false,
        "The user name or password is incorrect.",
        "用户名或密码错误。");
    /// The access token is malformed, tampered with, or signed by an unknown or retired key.
    TokenInvalid = ("token_invalid", 401, false,
        "The access token is invalid. Sign in again.",
        "访问令牌无效，请重新登录。");
    /// The access token has expired; refresh it.
    TokenExpired = ("token_expired", 401, false,
        "The access token has expired. Refresh it and try again.",
        "访问令牌已过期，请刷新后重试。");
    /// The refresh token is unknown, expired or revoked; sign in again.
    RefreshTokenInvalid = ("refresh_token_invalid", 401, false,
        "The session has ended. Sign in again.",
        "会话已失效，请重新登录。");
    /// A refresh token was used twice; the whole session was revoked as a precaution.
    RefreshTokenReused = ("refresh_token_reused", 401, false,
        "This session was used from two places and has been ended for safety. Sign in again.",
        "检测到会话被重复使用，已出于安全原因终止，请重新登录。");
    /// The account is disabled.
    AccountDisabled = ("account_disabled", 403, false,
        "This account is disabled. Contact your administrator.",
        "该账号已被停用，请联系管理员。");
    /// The caller may not perform this action.
    Forbidden = ("forbidden", 403, false,
        "You do not have permission to do this.",
        "您没有执行此操作的权限。");
    /// The record does not exist, or is outside the caller's scope.
    NotFound = ("not_found", 404, false,
        "The requested record was not found.",
        "未找到请求的记录。");
    /// The HTTP method is not supported on this path.
    MethodNotAllowed = ("method_not_allowed", 405, false,
        "This method is not allowed here.",
        "不支持此请求方法。");
    /// The record already exists (a unique value is taken).
    AlreadyExists = ("already_exists", 409, false,
        "A record with the same unique value already exists.",
        "已存在具有相同唯一值的记录。");
    /// The request refers to another record that does not exist or cannot be used.
    InvalidReference = ("invalid_reference", 422, false,
        "The request refers to a record that does not exist.",
        "请求引用了不存在的记录。");
    /// The record was changed by someone else; reload and retry.
    Conflict = ("conflict", 409, false,
        "The record was changed by someone else. Reload it and try again.",
        "记录已被他人修改，请刷新后重试。");
    /// Too many attempts; wait for `Retry-After` seconds.
    TooManyRequests = ("too_many_requests", 429, true,
        "Too many attempts. Wait a moment and try again.",
        "尝试次数过多，请稍后再试。");
    /// The user already holds as many live event streams as the server allows.
    TooManyStreams = ("too_many_streams", 429, true,
        "Too many live connections are open for this account. Close one (another device or tab) and try again.",
        "该账号打开的实时连接过多，请关闭其他设备或页面上的连接后重试。");
    /// The CSV file has bad rows; nothing was imported. `details` lists every bad row.
    ImportFailed = ("import_failed", 422, false,
        "The file has errors; nothing was imported.",
        "文件存在错误，未导入任何数据。");
    /// A checked CSV file stopped while being stored: a row became invalid
    /// meanwhile. `details.imported` rows are stored; `details.rows` lists
    /// the bad ones. Sending the file again stores only the rest.
    ImportInterrupted = ("import_interrupted", 409, false,
        "The import stopped part-way: some rows changed meanwhile. The rows stored so far are kept; correct the listed rows and send the file again.",
        "导入中途停止：部分数据在此期间发生变化。已导入的行会保留；请更正所列的行后重新上传该文件。");
    /// The client's protocol version is not supported; update the app.
    UnsupportedProtocolVersion = ("unsupported_protocol_version", 426, false,
        "This version of the app is no longer supported. Please update it.",
        "当前应用版本已不再受支持，请更新应用。");
    /// The checkpoint is not one this server issued (corrupted or forged); pull with none.
    InvalidCheckpoint = ("invalid_checkpoint", 400, false,
        "The sync checkpoint is invalid. Sync again from the start.",
        "同步检查点无效，请重新完整同步。");
    /// The client id is registered to another user or device.
    ClientMismatch = ("client_mismatch", 403, false,
        "This client id belongs to another user or device. Make a new client id after signing in as someone else.",
        "该客户端编号属于其他用户或设备，切换用户后请生成新的客户端编号。");
    /// A push holds more mutations than the server takes at once.
    TooManyMutations = ("too_many_mutations", 413, false,
        "Too many mutations in one push. Send them in smaller batches.",
        "单次推送的操作过多，请分批发送。");
    /// No mutation of that name (or version) exists.
    UnknownMutation = ("unknown_mutation", 422, false,
        "This operation is not known to the server. Update the app.",
        "服务器不认识此操作，请更新应用。");
    /// A mutation id was skipped; resend from the one after `last_mutation_id`.
    MutationGap = ("mutation_gap", 409, false,
        "Some changes are missing before this one. The app will resend them.",
        "此前有操作缺失，应用将重新发送。");
    /// The record is not in a state that allows this action; `details.state` names the current state.
    InvalidTransition = ("invalid_transition", 409, false,
        "This action is not possible in the record's current state.",
        "记录当前状态不允许此操作。");
    /// A dependency (database, object store) is unavailable; retry after `Retry-After`.
    ServiceUnavailable = ("service_unavailable", 503, true,
        "The service is temporarily unavailable. Try again shortly.",
        "服务暂时不可用，请稍后重试。");
    /// The database has no room left to store changes (its disk is full);
    /// nothing of the request was stored. Retry after `Retry-After`.
    StorageFull = ("storage_full", 503, true,
        "The server's storage is full; nothing was lost. Your changes stay on the device and will be sent again.",
        "服务器存储空间已满，数据未丢失。修改保留在设备上，稍后会自动重新发送。");
    /// An unexpected server error; the response carries a request id for support.
    Internal = ("internal", 500, true,
        "An internal error occurred. Quote the request id when reporting it.",
        "服务器内部错误，反馈问题时请提供请求编号。");

    // Checklists and inspections.
    /// The inspection is finished: it is never edited, finished again or discarded.
    InspectionFinished = ("inspection_finished", 409, false,
        "This inspection is finished and can no longer be changed.",
        "该检查已完成，不能再修改。");

    // Photos.
    /// The object store holding photos is unavailable; records still sync. Retry the upload after `Retry-After`.
    StorageUnavailable = ("storage_unavailable", 503, true,
        "Photo storage is temporarily unavailable. Your records are saved; the photo will be sent later.",
        "照片存储暂时不可用。记录已保存，照片稍后会自动上传。");
    /// The photo is larger than the server accepts (`details.max_size_bytes`).
    BlobTooLarge = ("blob_too_large", 413, false,
        "The photo is too large. Take it again at a lower resolution.",
        "照片过大，请降低分辨率后重新拍摄。");
    /// The bytes are not a JPEG, PNG, HEIC or WebP image.
    BlobTypeNotAllowed = ("blob_type_not_allowed", 415, false,
        "Only JPEG, PNG, HEIC and WebP photos can be uploaded.",
        "只能上传 JPEG、PNG、HEIC 或 WebP 格式的照片。");
    /// The uploaded bytes do not hash to the declared SHA-256; the upload was discarded.
    BlobHashMismatch = ("blob_hash_mismatch", 422, false,
        "The photo arrived damaged (its checksum does not match). It was discarded; upload it again.",
        "照片传输损坏（校验值不符），已丢弃，请重新上传。");
    /// The uploaded bytes do not add up to the declared size; the upload was discarded.
    BlobSizeMismatch = ("blob_size_mismatch", 422, false,
        "The photo's size does not match what was announced. It was discarded; upload it again.",
        "照片大小与声明不符，已丢弃，请重新上传。");
    /// A chunk does not start where the server's data ends; `details.offset` says where to continue.
    UploadOffsetMismatch = ("upload_offset_mismatch", 409, false,
        "The upload must continue from where the server's data ends.",
        "上传需从服务器已接收数据的末尾继续。");
    /// A chunk other than the last is smaller than `details.min_chunk_bytes`.
    UploadChunkTooSmall = ("upload_chunk_too_small", 422, false,
        "This part of the upload is too small; send larger parts.",
        "上传分片过小，请发送更大的分片。");
    /// The `Range` asked for lies outside the file.
    RangeNotSatisfiable = ("range_not_satisfiable", 416, false,
        "The requested byte range is outside the file.",
        "请求的字节范围超出文件大小。");
}

/// The JSON error envelope every failed request answers with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ErrorEnvelope {
    /// The error itself.
    pub error: ErrorBody,
}

/// The body of an error: a stable code, a human message and optional details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ErrorBody {
    /// Stable snake_case code; see [`ErrorCode`].
    pub code: String,
    /// A message for people, in the language asked for by `Accept-Language`.
    pub message: String,
    /// Structured details, e.g. the invalid fields or rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub details: Option<serde_json::Value>,
    /// The request id, for support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub request_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_and_has_both_messages() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(*code));
            let json = serde_json::to_value(code).expect("serialises");
            assert_eq!(json, serde_json::json!(code.as_str()));
            assert!(!code.message_en().is_empty() && !code.message_zh().is_empty());
            assert!((400..600).contains(&code.http_status()));
        }
    }
}
