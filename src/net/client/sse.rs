//! The server's event stream (`GET /api/events`): server-sent events read as they arrive.

use http_body_util::BodyExt;
use hyper::body::Incoming;

use super::{ClientError, EVENTS_IDLE_TIMEOUT, MAX_EVENT_BYTES};
use crate::net::api::Event;

/// Server-sent events as they arrive.
pub struct EventStream {
    body: Incoming,
    parser: SseParser,
}

impl EventStream {
    pub(super) fn new(body: Incoming) -> EventStream {
        EventStream {
            body,
            parser: SseParser::default(),
        }
    }

    /// The next event; `Err` when the stream has ended, broken or gone quiet (then reconnect).
    pub async fn next(&mut self) -> Result<Event, ClientError> {
        loop {
            if let Some(ev) = self.parser.next_event() {
                return Ok(ev);
            }
            match tokio::time::timeout(EVENTS_IDLE_TIMEOUT, self.body.frame()).await {
                Err(_) => return Err(ClientError::StreamQuiet),
                Ok(None) => return Err(ClientError::StreamClosed),
                Ok(Some(Err(e))) => return Err(ClientError::StreamBroke(e)),
                Ok(Some(Ok(frame))) => {
                    if let Ok(data) = frame.into_data() {
                        self.parser.feed(&data)?;
                    }
                }
            }
        }
    }
}

/// Parses `text/event-stream`: `event:` and `data:` lines, a blank line ends an event, lines
/// starting with `:` are comments (keep-alives).
#[derive(Debug, Default)]
pub struct SseParser {
    buf: Vec<u8>,
    /// Where the unread part of `buf` starts.
    start: usize,
    name: String,
    data: String,
    has_data: bool,
}

impl SseParser {
    /// Takes in what arrived. [`ClientError::EventTooLarge`] when an event grows past 16 MiB
    /// without ending.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<(), ClientError> {
        if self.start > 0 && self.start * 2 >= self.buf.len() {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(bytes);
        if self.buf.len() - self.start + self.data.len() > MAX_EVENT_BYTES {
            return Err(ClientError::EventTooLarge);
        }
        Ok(())
    }

    /// The next complete event in what was fed; unknown or unreadable events are skipped.
    pub fn next_event(&mut self) -> Option<Event> {
        while let Some(i) = self.buf[self.start..].iter().position(|&b| b == b'\n') {
            let end = self.start + i;
            let mut line = &self.buf[self.start..end];
            self.start = end + 1;
            if let Some(l) = line.strip_suffix(b"\r") {
                line = l;
            }
            if line.is_empty() {
                let name = std::mem::take(&mut self.name);
                let data = std::mem::take(&mut self.data);
                if std::mem::take(&mut self.has_data)
                    && let Some(ev) = parse_event(&name, &data)
                {
                    return Some(ev);
                }
                continue;
            }
            if line.starts_with(b":") {
                continue;
            }
            let line = String::from_utf8_lossy(line);
            let (field, value) = match line.split_once(':') {
                Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
                None => (line.as_ref(), ""),
            };
            match field {
                "event" => self.name = value.to_owned(),
                "data" => {
                    if self.has_data {
                        self.data.push('\n');
                    }
                    self.data.push_str(value);
                    self.has_data = true;
                }
                _ => {}
            }
        }
        None
    }
}

fn parse_event(name: &str, data: &str) -> Option<Event> {
    if let Ok(ev) = serde_json::from_str::<Event>(data) {
        return Some(ev);
    }
    // Tolerate data without its "type": the SSE name says it.
    let mut value: serde_json::Value = serde_json::from_str(data).ok()?;
    let obj = value.as_object_mut()?;
    if obj.contains_key("type") || name.is_empty() {
        return None;
    }
    obj.insert("type".into(), serde_json::Value::String(name.to_owned()));
    serde_json::from_value(value).ok()
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::api::Answer;

    #[test]
    fn server_sent_events_in_pieces_with_comments() {
        let answer = Event::Answer {
            answer: Answer {
                parent: None,
                id: "a1".into(),
                exercise: "pathways".into(),
                slot: "q4".into(),
                group: Some("Table 1".into()),
                text: "line one\nline two 夢".into(),
                fields: Default::default(),
                at: "2026-01-01T00:00:00Z".into(),
            },
        };
        let stream = format!(
            ": keep-alive\n\nevent: answer\ndata: {}\n\nevent: removed\r\ndata: {{\"type\":\"removed\",\"id\":\"a1\"}}\r\n\r\nevent: future\ndata: {{\"type\":\"future\"}}\n\nevent: removed\ndata: {{\"id\":\"a2\"}}\n\n",
            serde_json::to_string(&answer).unwrap()
        );
        let bytes = stream.as_bytes();
        // Fed in awkward pieces, even inside a multi-byte character.
        for size in [1, 2, 3, 7, 64, bytes.len()] {
            let mut p = SseParser::default();
            let mut got = Vec::new();
            for chunk in bytes.chunks(size) {
                p.feed(chunk).unwrap();
                while let Some(ev) = p.next_event() {
                    got.push(ev);
                }
            }
            assert_eq!(
                got,
                vec![
                    answer.clone(),
                    Event::Removed { id: "a1".into() },
                    Event::Removed { id: "a2".into() }
                ],
                "chunks of {size}"
            );
        }
    }

    #[test]
    fn an_event_that_never_ends_is_too_large() {
        let mut p = SseParser::default();
        p.feed(b"event: answer\ndata: ").unwrap();
        let line = vec![b'x'; 1024 * 1024];
        let mut fed = Ok(());
        for _ in 0..17 {
            fed = p.feed(&line);
            if fed.is_err() {
                break;
            }
            assert_eq!(p.next_event(), None);
        }
        let e = fed.unwrap_err();
        assert!(matches!(e, ClientError::EventTooLarge), "{e:?}");
        assert!(e.to_string().contains("larger than 16 MiB"), "{e}");
        // Just under the limit is read.
        let mut p = SseParser::default();
        assert!(p.feed(&vec![b'x'; super::MAX_EVENT_BYTES]).is_ok());
    }

    #[test]
    fn a_stream_the_server_closes_ends_with_closed() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let port = crate::net::client::fake::fake_server(|_, _, _| {
                (200, "event: removed\ndata: {\"id\":\"a1\"}\n\n".into())
            })
            .await;
            let c = super::super::Client::new(&format!("http://127.0.0.1:{port}/")).unwrap();
            let mut stream = c.events("t").await.unwrap();
            assert_eq!(
                stream.next().await.unwrap(),
                Event::Removed { id: "a1".into() }
            );
            let e = stream.next().await.unwrap_err();
            assert!(matches!(e, ClientError::StreamClosed), "{e:?}");
        });
    }
}
