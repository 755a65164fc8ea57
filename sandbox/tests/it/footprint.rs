//! A sandbox binary left running under load: its memory stays flat however large the
//! request bodies, and its connections fit its open-file limit. Each test runs the
//! binary as a child process, so that what it measures is the sandbox's alone.

use std::io::{ErrorKind, Read};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::binary::{signal, spawn_command, wait, BIN};
use crate::common::*;

const REGISTER: &str = "/api/v2/externalUser/register";
const HAS_BOUGHT: &str = "/api/v2/user/product?customerId=56202510&productId=RgKUHT78563989856641";

/// A field of `/proc/<pid>/status` or `/proc/<pid>/limits`, by the start of its line.
fn proc_field(pid: u32, file: &str, name: &str) -> String {
    let text = std::fs::read_to_string(format!("/proc/{pid}/{file}")).unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix(name))
        .unwrap_or_else(|| panic!("no {name} in /proc/{pid}/{file}"))
        .trim_start_matches(':')
        .trim()
        .to_owned()
}

/// The resident set size of a process, in bytes.
fn rss(pid: u32) -> u64 {
    let kilobytes = proc_field(pid, "status", "VmRSS");
    kilobytes
        .trim_end_matches("kB")
        .trim()
        .parse::<u64>()
        .unwrap()
        * 1024
}

/// The soft open-file limit of a process.
fn open_file_limit(pid: u32) -> u64 {
    let limits = proc_field(pid, "limits", "Max open files");
    limits.split_whitespace().next().unwrap().parse().unwrap()
}

/// A sandbox child process; killed when dropped unless stopped (a failed assertion
/// leaves nothing running).
struct Running(Option<Child>);

impl Running {
    fn pid(&self) -> u32 {
        self.0.as_ref().unwrap().id()
    }

    /// Stops the sandbox, which must exit cleanly.
    fn stop(mut self) {
        let mut child = self.0.take().unwrap();
        signal(&child, "TERM");
        assert_eq!(wait(&mut child).code(), Some(0));
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(child) = &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[test]
fn memory_stays_flat_under_large_request_bodies() {
    const THREADS: usize = 4;
    const PER_THREAD: usize = 500;
    const BODY: usize = 1_000_000;
    let mut command = Command::new(BIN);
    command.stderr(Stdio::null());
    let (child, addr) = spawn_command(command);
    let child = Running(Some(child));
    assert_eq!(
        send(addr, "GET", "/__sandbox/journal", None, None).status,
        200
    );
    let before = rss(child.pid());

    // Each body is read whole, journaled (cut) and answered 401 (no token).
    let body = vec![b'a'; BODY];
    std::thread::scope(|scope| {
        for _ in 0..THREADS {
            scope.spawn(|| {
                let mut connection = KeepAlive::connect(addr);
                for _ in 0..PER_THREAD {
                    let response = connection.send("POST", REGISTER, None, &body);
                    assert_eq!(response.status, 401, "{}", response.body);
                }
            });
        }
    });

    let after = rss(child.pid());
    let journal = send(addr, "GET", "/__sandbox/journal", None, None).json();
    let entries = journal.as_array().unwrap();
    assert_eq!(entries.len(), 1000, "the journal is full");
    let cut = format!("...[cut, {BODY} bytes in all]");
    assert!(entries
        .iter()
        .all(|e| e["body"].as_str().unwrap().ends_with(&cut)));
    let grown = after.saturating_sub(before);
    eprintln!(
        "RSS {} MB -> {} MB after {} POSTs of {BODY} bytes",
        before >> 20,
        after >> 20,
        THREADS * PER_THREAD
    );
    assert!(grown <= 50 << 20, "RSS grew by {} MB", grown >> 20);
    child.stop();
}

/// Whether the server closed the connection (EOF or reset); reads without waiting.
fn closed_by_server(stream: &TcpStream) -> bool {
    stream.set_nonblocking(true).unwrap();
    let mut byte = [0; 1];
    match (&*stream).read(&mut byte) {
        Ok(0) => true,
        Ok(_) => panic!("unexpected data on an idle connection"),
        Err(e) if e.kind() == ErrorKind::WouldBlock => false,
        Err(e) if e.kind() == ErrorKind::ConnectionReset => true,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn connections_fit_the_fd_limit_and_the_longest_idle_make_room() {
    // 1024 descriptors for the sandbox and 1000 idle connections to it, or proportionally
    // fewer when this process may not open that many.
    let own_limit = open_file_limit(std::process::id());
    let limit = 1024.min(own_limit / 2);
    assert!(
        limit >= 256,
        "the open-file limit {own_limit} is too low for this test"
    );
    let idle_count = (limit - 24) as usize;
    let mut command = Command::new("sh");
    command
        .args(["-c", r#"ulimit -n "$1" && exec "$0""#, BIN])
        .arg(limit.to_string())
        .stderr(Stdio::null());
    let (child, addr) = spawn_command(command);
    let child = Running(Some(child));
    assert_eq!(open_file_limit(child.pid()), limit);

    let idle: Vec<TcpStream> = (0..idle_count)
        .map(|_| TcpStream::connect(addr).unwrap())
        .collect();
    // A normal request is answered: the connection idle the longest made room.
    let token = token(COMPANY, SECRET);
    let mut api = KeepAlive::connect(addr);
    assert_eq!(api.send("GET", HAS_BOUGHT, Some(&token), b"").status, 200);

    // One descriptor per connection, 64 kept free: at most `limit - 64` stay open, so the
    // oldest ones were closed, and only those.
    let evicted_at_least = idle_count + 1 - (limit as usize - 64);
    let started = Instant::now();
    while !closed_by_server(&idle[evicted_at_least - 1]) {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "connection {} is still open",
            evicted_at_least - 1
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let closed: Vec<bool> = idle.iter().map(closed_by_server).collect();
    let evicted = closed.iter().take_while(|&&c| c).count();
    assert!(evicted >= evicted_at_least, "{evicted}");
    assert!(
        closed[evicted..].iter().all(|&c| !c),
        "only the oldest are closed"
    );
    eprintln!(
        "fd limit {limit}: {idle_count} idle connections, the oldest {evicted} closed, \
         the request answered"
    );

    // The admin count agrees: the open idle ones and the API connection.
    let started = Instant::now();
    loop {
        let counts = api.send("GET", "/__sandbox/connections", None, b"").json();
        let evicted = idle.iter().filter(|&s| closed_by_server(s)).count();
        if counts["open"] == (idle_count - evicted + 1) as u64 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{counts} with {evicted} of {idle_count} closed"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    drop(idle);
    child.stop();
}
