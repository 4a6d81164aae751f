//! An S3-protocol object store (AWS S3, MinIO, Garage, Ceph) through
//! `aws-sdk-s3`. Uploads in parts are S3 multipart uploads: nothing is
//! visible under the key until the upload is completed, and an aborted one
//! leaves nothing behind.

use std::time::Duration;

use aws_sdk_s3::{
    Client,
    config::{
        BehaviorVersion, Credentials, Region, RequestChecksumCalculation, ResponseChecksumValidation,
        retry::RetryConfig, timeout::TimeoutConfig,
    },
    error::{DisplayErrorContext, ProvideErrorMetadata, SdkError},
    presigning::PresigningConfig,
    primitives::ByteStream as SdkStream,
    types::{CompletedMultipartUpload, CompletedPart},
};
use aws_smithy_types::body::SdkBody;
use bytes::Bytes;
use futures::TryStreamExt;
use http_body::Frame;
use http_body_util::StreamBody;
use tokio_util::io::ReaderStream;

use super::{BlobStore, ByteStream, Object, Part, StoreError, StoreResult};
use crate::config::S3Settings;

/// A bucket of an S3-protocol store.
#[derive(Debug, Clone)]
pub struct S3Store {
    client: Client,
    bucket: String,
}

/// Sorts an SDK error: unreachable or failing servers are `Unavailable`
/// (retry later), missing keys `NotFound`, the rest `Other`.
fn classify<E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static>(
    err: SdkError<E, aws_sdk_s3::config::http::HttpResponse>,
) -> StoreError {
    let text = DisplayErrorContext(&err).to_string();
    match &err {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) | SdkError::ResponseError(_) => {
            StoreError::Unavailable(text)
        }
        SdkError::ServiceError(service) => {
            let status = service.raw().status().as_u16();
            let code = service.err().code().unwrap_or_default();
            if status == 404 || matches!(code, "NoSuchKey" | "NoSuchUpload" | "NotFound") {
                StoreError::NotFound
            } else if status >= 500 || status == 429 {
                StoreError::Unavailable(text)
            } else {
                StoreError::Other(text)
            }
        }
        _ => StoreError::Other(text),
    }
}

impl S3Store {
    /// A client of the configured store. Connection attempts are short and
    /// retried once, so an outage is reported quickly instead of hanging uploads.
    pub fn new(settings: &S3Settings) -> S3Store {
        use aws_smithy_http_client::tls;
        let http = aws_smithy_http_client::Builder::new()
            .tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::Ring))
            .build_https();
        let credentials = Credentials::new(
            settings.access_key_id.clone(),
            settings.secret_access_key.expose().to_owned(),
            None,
            None,
            "fieldsync-config",
        );
        let mut config = aws_sdk_s3::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(settings.region.clone()))
            .credentials_provider(credentials)
            .force_path_style(settings.path_style)
            .http_client(http)
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(3))
                    .read_timeout(Duration::from_secs(60))
                    .build(),
            )
            .retry_config(RetryConfig::standard().with_max_attempts(2))
            // Plain SigV4 with unsigned streaming payloads: the widest support among S3 servers.
            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
            .response_checksum_validation(ResponseChecksumValidation::WhenRequired);
        if !settings.endpoint.is_empty() {
            config = config.endpoint_url(settings.endpoint.clone());
        }
        S3Store { client: Client::from_conf(config.build()), bucket: settings.bucket.clone() }
    }

    /// The SDK client (tests and the benchmark compare against direct use).
    pub fn client(&self) -> &Client {
        &self.client
    }
}

fn streaming_body(body: ByteStream) -> SdkStream {
    // The SDK wants a `Sync` body; a request body is only `Send`, and is polled by one task anyway.
    let frames = StreamBody::new(sync_wrapper::SyncStream::new(body.map_ok(Frame::data)));
    SdkStream::new(SdkBody::from_body_1_x(frames))
}

#[async_trait::async_trait]
impl BlobStore for S3Store {
    fn name(&self) -> &'static str {
        "s3"
    }

    async fn ping(&self) -> StoreResult<()> {
        self.client.head_bucket().bucket(&self.bucket).send().await.map_err(classify)?;
        Ok(())
    }

    async fn put(&self, key: &str, data: Bytes, content_type: &str) -> StoreResult<()> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(SdkStream::from(data))
            .send()
            .await
            .map_err(classify)?;
        Ok(())
    }

    async fn get(&self, key: &str, range: Option<(u64, u64)>) -> StoreResult<Object> {
        let mut request = self.client.get_object().bucket(&self.bucket).key(key);
        if let Some((start, end)) = range {
            request = request.range(format!("bytes={start}-{end}"));
        }
        let output = request.send().await.map_err(classify)?;
        let len = output.content_length().unwrap_or_default().max(0) as u64;
        Ok(Object { body: Box::pin(ReaderStream::new(output.body.into_async_read())), len })
    }

    async fn exists(&self, key: &str) -> StoreResult<bool> {
        match self.client.head_object().bucket(&self.bucket).key(key).send().await.map_err(classify) {
            Ok(_) => Ok(true),
            Err(StoreError::NotFound) => Ok(false),
            Err(err) => Err(err),
        }
    }

    async fn delete(&self, key: &str) -> StoreResult<()> {
        match self.client.delete_object().bucket(&self.bucket).key(key).send().await.map_err(classify) {
            Ok(_) | Err(StoreError::NotFound) => Ok(()),
            Err(err) => Err(err),
        }
    }

    async fn begin_upload(&self, key: &str, content_type: &str) -> StoreResult<String> {
        let output = self
            .client
            .create_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .send()
            .await
            .map_err(classify)?;
        output.upload_id.ok_or_else(|| StoreError::Other("the store gave no upload id".into()))
    }

    async fn put_part(
        &self,
        key: &str,
        upload: &str,
        part: u32,
        _offset: u64,
        len: u64,
        body: ByteStream,
    ) -> StoreResult<Part> {
        let output = self
            .client
            .upload_part()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload)
            .part_number(part as i32)
            .content_length(len as i64)
            .body(streaming_body(body))
            .send()
            .await
            .map_err(classify)?;
        Ok(Part { n: part, etag: output.e_tag.unwrap_or_default() })
    }

    async fn complete_upload(&self, key: &str, upload: &str, parts: &[Part]) -> StoreResult<()> {
        let parts =
            parts.iter().map(|p| CompletedPart::builder().part_number(p.n as i32).e_tag(&p.etag).build()).collect();
        self.client
            .complete_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload)
            .multipart_upload(CompletedMultipartUpload::builder().set_parts(Some(parts)).build())
            .send()
            .await
            .map_err(classify)?;
        Ok(())
    }

    async fn abort_upload(&self, key: &str, upload: &str) -> StoreResult<()> {
        let sent = self.client.abort_multipart_upload().bucket(&self.bucket).key(key).upload_id(upload).send().await;
        match sent.map_err(classify) {
            Ok(_) | Err(StoreError::NotFound) => Ok(()),
            Err(err) => Err(err),
        }
    }

    async fn presign_get(&self, key: &str, ttl: Duration) -> StoreResult<Option<String>> {
        let config = PresigningConfig::expires_in(ttl).map_err(|e| StoreError::Other(e.to_string()))?;
        let request = self.client.get_object().bucket(&self.bucket).key(key).presigned(config).await;
        let request = request.map_err(classify)?;
        Ok(Some(request.uri().to_string()))
    }
}
