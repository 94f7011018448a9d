//! Helpers for the tests and benchmarks of `hearth serve`: the server as a process (start,
//! SIGTERM, SIGKILL, restart on the same port) or in this process (a hub and its server on a
//! tokio thread), a small blocking HTTP/1.1 client over std's `TcpStream`, and a reader for
//! the live event stream.
//!
//! Self-contained (std, serde_json, libc, tokio and hearth only) so that `benches/serve.rs`
//! can include it too.

// This test sets up the machine through the C library (limits, users, signals): unsafe is
// allowed here, as in src/platform.rs, and nowhere else.
#![allow(unsafe_code)]
#![allow(dead_code)]

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use hearth::net::api::{ContributionRequest, JoinReply, JoinRequest};
use hearth::net::hub::{Hub, JoinCode};
use hearth::net::server::Limits;
use hearth::store::SessionStore;

/// The join code the tests share sessions with.
pub const CODE: &str = "TESTCODE42";

/// How long any one step may take before a test gives up (a loaded 2-core machine is slow,
/// but never this slow).
pub const PATIENCE: Duration = Duration::from_secs(30);

// ---- `hearth serve` as a process ----

/// A running `hearth serve`. Killed (SIGKILL) when dropped, if still running.
pub struct Serve {
    child: Child,
    pub addr: SocketAddr,
    pub session: PathBuf,
    code: String,
    output: Arc<Mutex<Vec<String>>>,
}

impl Serve {
    /// Starts `hearth serve SESSION --bind BIND --code CODE` and waits for its join address.
    /// Tries again (for up to [`PATIENCE`]) while the port is not free yet.
    pub fn start(session: &Path, bind: SocketAddr, code: &str) -> Serve {
        let deadline = Instant::now() + PATIENCE;
        let mut last_output = Vec::new();
        while Instant::now() < deadline {
            match Serve::try_start(session, bind, code, deadline) {
                Ok(s) => return s,
                Err(output) => last_output = output,
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "hearth serve did not start on {bind} within {PATIENCE:?}; its last output:\n{}",
            last_output.join("\n")
        );
    }

    fn try_start(
        session: &Path,
        bind: SocketAddr,
        code: &str,
        deadline: Instant,
    ) -> Result<Serve, Vec<String>> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hearth"))
            .arg("serve")
            .arg(session)
            .arg("--bind")
            .arg(bind.to_string())
            .arg("--code")
            .arg(code)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("hearth starts");
        let output = Arc::new(Mutex::new(Vec::new()));
        let (found, address) = mpsc::channel::<String>();
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr = child.stderr.take().expect("piped stderr");
        {
            // Keeps reading to the end: the tally line each second must never fill the pipe.
            let output = Arc::clone(&output);
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines() {
                    let Ok(line) = line else { break };
                    if let Some(url) = line.strip_prefix("Join address: ") {
                        let _ = found.send(url.to_owned());
                    }
                    lock(&output).push(line);
                }
            });
        }
        {
            let output = Arc::clone(&output);
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    lock(&output).push(format!("stderr: {line}"));
                }
            });
        }
        let wait = deadline.saturating_duration_since(Instant::now());
        match address.recv_timeout(wait) {
            Ok(url) => {
                let addr = url
                    .strip_prefix("http://")
                    .and_then(|u| u.strip_suffix('/'))
                    .and_then(|u| u.parse::<SocketAddr>().ok())
                    .unwrap_or_else(|| panic!("a join address like http://IP:PORT/: {url}"));
                Ok(Serve {
                    child,
                    addr,
                    session: session.to_owned(),
                    code: code.to_owned(),
                    output,
                })
            }
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                // Let the reading threads take the last words.
                std::thread::sleep(Duration::from_millis(50));
                let lines = lock(&output).clone();
                Err(lines)
            }
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What it printed so far (standard error lines start with `stderr: `).
    pub fn output(&self) -> Vec<String> {
        lock(&self.output).clone()
    }

    /// SIGKILL: no chance to finish anything.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGKILL, then the same command again on the same port with the same code.
    pub fn crash_and_restart(self) -> Serve {
        let (session, addr, code) = (self.session.clone(), self.addr, self.code.clone());
        self.kill();
        Serve::start(&session, addr, &code)
    }

    /// SIGTERM, and waits for a clean exit (panics if it does not come within [`PATIENCE`]).
    pub fn terminate(mut self) -> ExitStatus {
        let pid = libc::pid_t::try_from(self.child.id()).expect("a pid fits");
        // SAFETY: kill(2) with a pid we started and have not reaped yet.
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                assert!(
                    status.success(),
                    "hearth serve stopped with {status} on SIGTERM; output:\n{}",
                    self.output().join("\n")
                );
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!(
                    "hearth serve did not stop within {PATIENCE:?} of SIGTERM; output:\n{}",
                    self.output().join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A `kB` line of `/proc/<pid>/status` (`VmRSS`, `VmHWM`), in kB.
    pub fn status_kb(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).ok()?;
        status.lines().find_map(|l| {
            l.strip_prefix(field)?
                .strip_prefix(':')?
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()
        })
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

// ---- the hub and server in this process ----

/// A hub and its server on a thread of their own (a current-thread tokio runtime), so that a
/// test can drive the hub directly while talking HTTP to it.
pub struct InProcess {
    pub hub: Arc<Hub>,
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl InProcess {
    pub fn start(session: &Path, code: &str) -> InProcess {
        InProcess::start_with(session, code, Limits::default())
    }

    /// With limits of its own (short windows for tests of the limits).
    pub fn start_with(session: &Path, code: &str, limits: Limits) -> InProcess {
        let (store, _) = SessionStore::open(session).expect("the session opens");
        InProcess::with_store(store, code, limits)
    }

    /// On a store opened by the caller (through a file system of a test's own, say).
    pub fn with_store(store: SessionStore, code: &str, limits: Limits) -> InProcess {
        let hub = Hub::start(store, JoinCode::parse(code).expect("a valid code"), 0)
            .expect("the hub starts");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (tell, listening) = mpsc::channel();
        let for_server = Arc::clone(&hub);
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async move {
                let bind: SocketAddr = "127.0.0.1:0".parse().expect("an address");
                let server = hearth::net::server::start(for_server, bind, limits)
                    .expect("the server listens");
                let _ = tell.send(server.local_addr);
                let _ = stopped.await;
                server.stop().await;
            });
        });
        let addr = listening
            .recv_timeout(PATIENCE)
            .expect("the server reports its address");
        InProcess {
            hub,
            addr,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// Stops the server, then the hub, and closes the session.
    pub fn stop(mut self) {
        self.stop_server();
        let store = self.hub.stop().expect("the hub still had the session");
        store.close().expect("the session closes");
    }

    fn stop_server(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for InProcess {
    fn drop(&mut self) {
        self.stop_server();
    }
}

// ---- a blocking HTTP/1.1 client ----

/// A reply: status, headers (names in lower case) and body.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "reply {} is not the JSON expected ({e}): {}",
                self.status,
                self.text()
            )
        })
    }
}

/// One connection, kept alive across requests until either side closes it.
pub struct Conn {
    reader: BufReader<TcpStream>,
    host: String,
    open: bool,
}

impl Conn {
    pub fn connect(addr: SocketAddr) -> io::Result<Conn> {
        let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10))?;
        Conn::over(stream, addr)
    }

    /// From another loopback address (127.0.0.2 and so on), which the server sees as
    /// another machine.
    pub fn connect_from(source: IpAddr, addr: SocketAddr) -> io::Result<Conn> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()?;
        let stream = runtime.block_on(async {
            let socket = match source {
                IpAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
                IpAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
            };
            socket.bind(SocketAddr::new(source, 0))?;
            socket.connect(addr).await?.into_std()
        })?;
        stream.set_nonblocking(false)?;
        Conn::over(stream, addr)
    }

    fn over(stream: TcpStream, addr: SocketAddr) -> io::Result<Conn> {
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(PATIENCE))?;
        stream.set_write_timeout(Some(PATIENCE))?;
        Ok(Conn {
            reader: BufReader::new(stream),
            host: addr.to_string(),
            open: true,
        })
    }

    /// Whether the server has not said it closes this connection.
    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn stream(&self) -> &TcpStream {
        self.reader.get_ref()
    }

    /// Sends a request and reads its reply. `headers` may replace `Host`; `Content-Length`
    /// is added for a body (and for any POST).
    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> io::Result<Reply> {
        self.write_request(method, path, headers, body)?;
        self.read_reply()
    }

    pub fn write_request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> io::Result<()> {
        let bytes = compose(&self.host, method, path, headers, body);
        self.write_raw(&bytes)
    }

    pub fn write_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        let stream = self.reader.get_mut();
        stream.write_all(bytes)?;
        stream.flush()
    }

    pub fn read_reply(&mut self) -> io::Result<Reply> {
        let reply = read_reply(&mut self.reader)?;
        let length_known = reply.header("content-length").is_some()
            || reply
                .header("transfer-encoding")
                .is_some_and(|t| t.eq_ignore_ascii_case("chunked"));
        if !length_known
            || reply
                .header("connection")
                .is_some_and(|c| c.eq_ignore_ascii_case("close"))
        {
            self.open = false;
        }
        Ok(reply)
    }

    /// Closes both ways at once (the server sees the end of the stream).
    pub fn close(self) {
        let _ = self.reader.get_ref().shutdown(Shutdown::Both);
    }
}

/// The bytes of a request.
pub fn compose(
    default_host: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Vec<u8> {
    let has = |name: &str| headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name));
    let mut head = format!("{method} {path} HTTP/1.1\r\n");
    if !has("host") {
        head.push_str(&format!("Host: {default_host}\r\n"));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !has("content-length") && !has("transfer-encoding") && (!body.is_empty() || method == "POST")
    {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// One request on a connection of its own (`Connection: close`).
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> io::Result<Reply> {
    let mut all: Vec<(&str, &str)> = headers.to_vec();
    all.push(("Connection", "close"));
    Conn::connect(addr)?.send(method, path, &all, body)
}

/// Sends `bytes` from a second thread while reading the reply, so that a server that answers
/// before reading everything (a body too large) is heard rather than lost in a reset.
pub fn exchange(conn: Conn, bytes: Vec<u8>) -> io::Result<Reply> {
    let mut conn = conn;
    let mut writer = conn.stream().try_clone()?;
    let sending = std::thread::spawn(move || {
        let _ = writer.write_all(&bytes);
    });
    let reply = conn.read_reply();
    conn.close();
    let _ = sending.join();
    reply
}

fn read_line(reader: &mut impl BufRead) -> io::Result<String> {
    let mut line = Vec::new();
    reader.read_until(b'\n', &mut line)?;
    if line.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the connection closed",
        ));
    }
    while matches!(line.last(), Some(b'\n' | b'\r')) {
        line.pop();
    }
    String::from_utf8(line).map_err(|_| io::Error::other("a header line is not UTF-8"))
}

/// Status line and headers.
fn read_head(reader: &mut impl BufRead) -> io::Result<(u16, Vec<(String, String)>)> {
    let status_line = read_line(reader)?;
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| io::Error::other(format!("not an HTTP status line: {status_line:?}")))?;
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader)?;
        if line.is_empty() {
            break;
        }
        let (k, v) = line
            .split_once(':')
            .ok_or_else(|| io::Error::other(format!("not a header: {line:?}")))?;
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
    }
    // No reply, of any kind, ever lets another site's scripts read it.
    assert!(
        !headers
            .iter()
            .any(|(k, _)| k.starts_with("access-control-allow")),
        "a reply carried CORS headers: {headers:?}"
    );
    Ok((status, headers))
}

fn read_reply(reader: &mut impl BufRead) -> io::Result<Reply> {
    let (status, headers) = read_head(reader)?;
    let mut reply = Reply {
        status,
        headers,
        body: Vec::new(),
    };
    if reply
        .header("transfer-encoding")
        .is_some_and(|t| t.eq_ignore_ascii_case("chunked"))
    {
        while let Some(chunk) = read_chunk(reader)? {
            reply.body.extend_from_slice(&chunk);
        }
    } else if let Some(n) = reply.header("content-length") {
        let n: usize = n
            .parse()
            .map_err(|_| io::Error::other("a bad Content-Length"))?;
        reply.body = vec![0; n];
        reader.read_exact(&mut reply.body)?;
    } else {
        reader.read_to_end(&mut reply.body)?;
    }
    Ok(reply)
}

/// One chunk of a chunked body; None at the end.
fn read_chunk(reader: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let line = read_line(reader)?;
    let size = usize::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16)
        .map_err(|_| io::Error::other(format!("not a chunk size: {line:?}")))?;
    if size == 0 {
        // Trailers, up to the empty line.
        while !read_line(reader)?.is_empty() {}
        return Ok(None);
    }
    let mut chunk = vec![0; size];
    reader.read_exact(&mut chunk)?;
    let mut crlf = [0; 2];
    reader.read_exact(&mut crlf)?;
    Ok(Some(chunk))
}

// ---- the API ----

/// `POST /api/join` as a device of `group`; panics unless `201`.
pub fn join(addr: SocketAddr, code: &str, group: &str) -> JoinReply {
    let body = serde_json::to_vec(&JoinRequest {
        code: code.to_owned(),
        group: group.to_owned(),
        device_name: None,
    })
    .expect("serialises");
    let reply = request(
        addr,
        "POST",
        "/api/join",
        &[("Content-Type", "application/json")],
        &body,
    )
    .expect("the server answers a join");
    assert_eq!(reply.status, 201, "join: {}", reply.text());
    reply.json()
}

/// The JSON of an answer for `POST /api/contributions`.
pub fn answer_body(id: &str, exercise: &str, slot: &str, group: &str, text: &str) -> Vec<u8> {
    serde_json::to_vec(&ContributionRequest {
        parent: None,
        id: id.to_owned(),
        exercise: exercise.to_owned(),
        slot: slot.to_owned(),
        group: group.to_owned(),
        text: text.to_owned(),
        fields: Default::default(),
    })
    .expect("serialises")
}

/// `Authorization: Bearer …`.
pub fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// `POST /api/contributions` on `conn`.
pub fn post_answer(conn: &mut Conn, token: &str, body: &[u8]) -> io::Result<Reply> {
    let auth = bearer(token);
    conn.send(
        "POST",
        "/api/contributions",
        &[
            ("Authorization", auth.as_str()),
            ("Content-Type", "application/json"),
        ],
        body,
    )
}

// ---- the live event stream ----

/// One server-sent event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sse {
    pub name: String,
    pub data: String,
}

impl Sse {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.data)
            .unwrap_or_else(|e| panic!("event data is not JSON ({e}): {}", self.data))
    }
}

#[derive(Debug)]
pub enum Next {
    Event(Sse),
    /// The server ended the stream.
    Ended,
    /// Nothing within the time given.
    Quiet,
}

/// An open `GET /api/events`, read by a thread of its own.
pub struct Events {
    events: mpsc::Receiver<Sse>,
    socket: TcpStream,
    raw: Arc<Mutex<Vec<u8>>>,
}

impl Events {
    /// Opens the stream with `credential` (a device token, or the join code with
    /// `?group=`); an error unless the server answers `200` with an event stream. Once this
    /// returns, the server is following the hub: nothing saved afterwards is missed.
    pub fn open(addr: SocketAddr, path: &str, credential: &str) -> io::Result<Events> {
        let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10))?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(PATIENCE))?;
        let socket = stream.try_clone()?;
        let mut reader = BufReader::new(stream);
        let auth = bearer(credential);
        let bytes = compose(
            &addr.to_string(),
            "GET",
            path,
            &[
                ("Authorization", auth.as_str()),
                ("Accept", "text/event-stream"),
            ],
            b"",
        );
        reader.get_mut().write_all(&bytes)?;
        let (status, headers) = read_head(&mut reader)?;
        let content_type = headers
            .iter()
            .find(|(k, _)| k == "content-type")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        if status != 200 || !content_type.starts_with("text/event-stream") {
            return Err(io::Error::other(format!(
                "the event stream was refused: {status} {content_type}"
            )));
        }
        let chunked = headers
            .iter()
            .any(|(k, v)| k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
        // From here on the stream may be quiet for long; its end is told by the server.
        reader.get_ref().set_read_timeout(None)?;
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (tell, events) = mpsc::channel();
        let keep = Arc::clone(&raw);
        std::thread::spawn(move || follow(reader, chunked, &keep, &tell));
        Ok(Events {
            events,
            socket,
            raw,
        })
    }

    pub fn next(&self, timeout: Duration) -> Next {
        match self.events.recv_timeout(timeout) {
            Ok(e) => Next::Event(e),
            Err(mpsc::RecvTimeoutError::Timeout) => Next::Quiet,
            Err(mpsc::RecvTimeoutError::Disconnected) => Next::Ended,
        }
    }

    /// The next event, which must come within [`PATIENCE`].
    pub fn expect_event(&self) -> Sse {
        match self.next(PATIENCE) {
            Next::Event(e) => e,
            other => panic!("expected an event, got {other:?}"),
        }
    }

    /// Everything the server sent on the stream so far, as text.
    pub fn raw(&self) -> String {
        String::from_utf8_lossy(&lock(&self.raw)).into_owned()
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.socket.shutdown(Shutdown::Both);
    }
}

fn follow(
    mut reader: BufReader<TcpStream>,
    chunked: bool,
    raw: &Mutex<Vec<u8>>,
    tell: &mpsc::Sender<Sse>,
) {
    let mut pending: Vec<u8> = Vec::new();
    loop {
        let bytes = if chunked {
            match read_chunk(&mut reader) {
                Ok(Some(chunk)) => chunk,
                Ok(None) | Err(_) => return,
            }
        } else {
            let mut buf = vec![0; 16 * 1024];
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    buf.truncate(n);
                    buf
                }
            }
        };
        lock(raw).extend_from_slice(&bytes);
        pending.extend_from_slice(&bytes);
        while let Some(end) = pending.windows(2).position(|w| w == b"\n\n") {
            let block: Vec<u8> = pending.drain(..end + 2).collect();
            let block = String::from_utf8_lossy(&block).into_owned();
            let (mut name, mut data) = (String::new(), Vec::new());
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event:") {
                    name = v.strip_prefix(' ').unwrap_or(v).to_owned();
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push(v.strip_prefix(' ').unwrap_or(v).to_owned());
                }
            }
            // A block of comments only is a keep-alive.
            if !name.is_empty() || !data.is_empty() {
                let event = Sse {
                    name: if name.is_empty() {
                        "message".into()
                    } else {
                        name
                    },
                    data: data.join("\n"),
                };
                if tell.send(event).is_err() {
                    return;
                }
            }
        }
    }
}

/// Waits until `done` holds, checking every few milliseconds; false if it does not within
/// `within`.
pub fn poll_until(within: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if done() {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}
