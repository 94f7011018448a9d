//! A note-taker's outbox drops an answer the facilitator withdrew: the answer is sent and
//! acknowledged (its line, with its words, is still in the outbox file), then withdrawn in the
//! hub; on its next contact the note-taker's link learns it and the outbox file, rewritten,
//! holds none of its words. The session reply lists the withdrawn id, and no answer of it.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hearth::model::Change;
use hearth::net::api::ContributionRequest;
use hearth::net::client::{Client, Link, LinkConfig, lock};
use hearth::net::outbox::Outbox;

const CODE: &str = "TESTCODE1";
const SECRET: &str = "what I said and want out 夢";

#[test]
fn an_outbox_holding_a_withdrawn_answer_is_cleared_on_next_contact() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let server = common::serve::InProcess::start(&session, CODE);
    let outboxes = dir.path().join("outbox");
    let url = format!("http://{}/", server.addr);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let id = hearth::model::contribution::new_id();
    rt.block_on(async {
        let client = Client::new(&url).unwrap();
        let (outbox, _) = Outbox::open(&outboxes, &client.server(), "Table 1").unwrap();
        let path = outbox.path().to_owned();
        let outbox = Arc::new(Mutex::new(outbox));
        let (tx, _news) = tokio::sync::mpsc::unbounded_channel();
        let link = Link::start(
            client,
            Arc::clone(&outbox),
            LinkConfig {
                code: CODE.into(),
                group: "Table 1".into(),
                device_name: Some("test".into()),
                events: true,
            },
            tx,
        );
        for (id, text) in [
            (id.clone(), SECRET),
            (hearth::model::contribution::new_id(), "kept"),
        ] {
            lock(&outbox)
                .push(ContributionRequest {
                    parent: None,
                    id,
                    exercise: "round".into(),
                    slot: "sick".into(),
                    group: "Table 1".into(),
                    text: text.into(),
                    fields: Default::default(),
                })
                .unwrap();
        }
        link.wake();
        let start = Instant::now();
        while !lock(&outbox).is_empty() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "never acknowledged"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let holds = || std::fs::read_to_string(&path).unwrap().contains(SECRET);
        assert!(
            holds(),
            "an acknowledged answer's line stays until the outbox is reopened"
        );

        server
            .hub
            .apply_local(vec![Change::Withdraw {
                id: id.clone(),
                at: jiff::Timestamp::now(),
            }])
            .unwrap();
        let start = Instant::now();
        while holds() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the outbox still holds the withdrawn answer's words"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        link.stop().await;
    });
    let reply = server
        .hub
        .session_reply(Some(("a-device", "Table 1")))
        .unwrap();
    assert_eq!(reply.withdrawn, vec![id.clone()]);
    assert!(!serde_json::to_string(&reply).unwrap().contains(SECRET));
    server.stop();
    let left: Vec<_> = common::tree(dir.path())
        .into_iter()
        .filter(|(_, b)| b.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()))
        .map(|(p, _)| p)
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
