//! Recording a run's requests in the ledger while the outputs are written.
//!
//! SQLite inserts one request in a few microseconds, which for a million
//! upload lines is seconds of work. Done on the thread that writes the
//! outputs, that work would add to the run's time; on a thread of its own
//! ([`record_on_a_thread`]) it overlaps with reading and checking the rows.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use crate::error::Error;
use crate::ledger::{Ledger, LedgerError, NewRun, PreparedRequest, RunCounts, RunRecorder, UnwrittenRequest};

/// Where the second read hands each request that goes into an upload.
pub trait RequestSink {
    /// The run's number in the ledger (for the report).
    fn run_id(&self) -> i64;
    /// Records one request (still uncommitted).
    fn add(&mut self, request: PreparedRequest) -> Result<(), Error>;
}

impl RequestSink for RunRecorder<'_> {
    fn run_id(&self) -> i64 {
        RunRecorder::run_id(self)
    }

    fn add(&mut self, request: PreparedRequest) -> Result<(), Error> {
        Ok(RunRecorder::add(self, &request)?)
    }
}

/// Requests go to the recording thread in batches: one channel message per
/// request cost more than the insert.
const BATCH: usize = 1024;

enum ToRecorder {
    Add(Vec<PreparedRequest>),
    Commit(RunCounts, Replaced),
}

/// The folder a run replaces (`--replace`): the runs whose outputs it held,
/// and whether their prepared requests that the run does not write again
/// may be released (`--discard-unsubmitted`).
#[derive(Debug, Clone, Default)]
pub struct Replaced {
    /// The runs whose outputs the folder held.
    pub runs: Vec<i64>,
    /// `--discard-unsubmitted`.
    pub discard: bool,
}

/// What committing a run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Committed {
    /// Recorded as pending; the requests it releases when published.
    Pending { run: i64, releases: usize },
    /// Not recorded: the replaced folder holds these prepared requests,
    /// which the run does not write again, and they may not be released.
    Refused(Vec<UnwrittenRequest>),
}

enum Reply {
    Started(i64),
    Committed(Committed),
}

/// The calling thread's end of [`record_on_a_thread`].
pub struct RecorderThread {
    to: Option<SyncSender<ToRecorder>>,
    /// The run's number first, then the commit's result, or the first error.
    from: Receiver<Result<Reply, LedgerError>>,
    run_id: i64,
    pending: Vec<PreparedRequest>,
}

impl RecorderThread {
    fn send(&mut self, message: ToRecorder) -> Result<(), Error> {
        let sent = match &self.to {
            Some(to) => to.send(message).is_ok(),
            None => false,
        };
        if sent {
            return Ok(());
        }
        // The thread stopped: it said why before it did.
        self.to = None;
        Err(match self.from.recv() {
            Ok(Err(e)) => e.into(),
            _ => Error::Internal("the ledger's recording thread stopped".into()),
        })
    }

    fn flush(&mut self) -> Result<(), Error> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let batch = std::mem::replace(&mut self.pending, Vec::with_capacity(BATCH));
        self.send(ToRecorder::Add(batch))
    }

    /// Commits the run as pending (every request added so far), unless it
    /// replaces a folder whose prepared requests it would throw away.
    pub fn commit(&mut self, counts: RunCounts, replaced: Replaced) -> Result<Committed, Error> {
        self.flush()?;
        self.send(ToRecorder::Commit(counts, replaced))?;
        self.to = None;
        match self.from.recv() {
            Ok(Ok(Reply::Committed(committed))) => Ok(committed),
            Ok(Err(e)) => Err(e.into()),
            _ => Err(Error::Internal("the ledger's recording thread stopped".into())),
        }
    }
}

impl RequestSink for RecorderThread {
    fn run_id(&self) -> i64 {
        self.run_id
    }

    fn add(&mut self, request: PreparedRequest) -> Result<(), Error> {
        self.pending.push(request);
        if self.pending.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }
}

/// Begins recording `run` in `ledger` on a thread of its own and runs
/// `body` with the sending end. What `body` does not commit
/// ([`RecorderThread::commit`]) is rolled back when it returns.
pub fn record_on_a_thread<T>(
    ledger: &mut Ledger,
    run: &NewRun,
    body: impl FnOnce(&mut RecorderThread) -> T,
) -> Result<T, Error> {
    std::thread::scope(|scope| {
        let (to, inbox) = sync_channel::<ToRecorder>(16);
        let (reply, from) = sync_channel::<Result<Reply, LedgerError>>(2);
        let worker = scope.spawn(move || {
            let mut recorder = match ledger.begin_run(run) {
                Ok(recorder) => recorder,
                Err(e) => {
                    let _ = reply.send(Err(e));
                    return;
                }
            };
            if reply.send(Ok(Reply::Started(recorder.run_id()))).is_err() {
                return;
            }
            for message in inbox {
                match message {
                    ToRecorder::Add(batch) => {
                        for request in &batch {
                            if let Err(e) = recorder.add(request) {
                                let _ = reply.send(Err(e));
                                return;
                            }
                        }
                    }
                    ToRecorder::Commit(counts, replaced) => {
                        let _ = reply.send(commit(recorder, counts, &replaced).map(Reply::Committed));
                        return;
                    }
                }
            }
            // The sender went away without a commit: dropping the recorder
            // rolls the run back.
        });
        let run_id = match from.recv() {
            Ok(Ok(Reply::Started(run_id))) => run_id,
            Ok(Err(e)) => return Err(e.into()),
            _ => return Err(Error::Internal("the ledger's recording thread stopped".into())),
        };
        let mut handle = RecorderThread {
            to: Some(to),
            from,
            run_id,
            pending: Vec::with_capacity(BATCH),
        };
        let result = body(&mut handle);
        drop(handle);
        if let Err(panic) = worker.join() {
            std::panic::resume_unwind(panic);
        }
        Ok(result)
    })
}

/// Commits the run, or refuses it (rolling it back) when it replaces a
/// folder whose prepared requests it does not write again and may not
/// release them.
fn commit(recorder: RunRecorder<'_>, counts: RunCounts, replaced: &Replaced) -> Result<Committed, LedgerError> {
    let mut recorder = recorder;
    let unwritten = if replaced.runs.is_empty() {
        Vec::new()
    } else {
        recorder.unwritten(&replaced.runs)?
    };
    if !unwritten.is_empty() && !replaced.discard {
        // Dropping the recorder rolls the run back.
        return Ok(Committed::Refused(unwritten));
    }
    recorder.release_when_published(&unwritten)?;
    let run = recorder.commit(counts)?;
    Ok(Committed::Pending {
        run,
        releases: unwritten.len(),
    })
}
