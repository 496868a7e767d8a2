//! Recording a run's requests in the ledger while the outputs are written.
//!
//! SQLite inserts one request in a few microseconds, which for a million
//! upload lines is seconds of work. Done on the thread that writes the
//! outputs, that work would add to the run's time; on a thread of its own
//! ([`record_on_a_thread`]) it overlaps with reading and checking the rows.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use crate::error::Error;
use crate::ledger::{Ledger, LedgerError, NewRun, PreparedRequest, RunCounts, RunRecorder};

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
    Commit(RunCounts),
}

/// The calling thread's end of [`record_on_a_thread`].
pub struct RecorderThread {
    to: Option<SyncSender<ToRecorder>>,
    /// The run's number first, then the commit's result, or the first error.
    from: Receiver<Result<i64, LedgerError>>,
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

    /// Commits the run as pending (every request added so far); gives its number.
    pub fn commit(&mut self, counts: RunCounts) -> Result<i64, Error> {
        self.flush()?;
        self.send(ToRecorder::Commit(counts))?;
        self.to = None;
        match self.from.recv() {
            Ok(result) => Ok(result?),
            Err(_) => Err(Error::Internal("the ledger's recording thread stopped".into())),
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
        let (reply, from) = sync_channel::<Result<i64, LedgerError>>(2);
        let worker = scope.spawn(move || {
            let mut recorder = match ledger.begin_run(run) {
                Ok(recorder) => recorder,
                Err(e) => {
                    let _ = reply.send(Err(e));
                    return;
                }
            };
            if reply.send(Ok(recorder.run_id())).is_err() {
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
                    ToRecorder::Commit(counts) => {
                        let _ = reply.send(recorder.commit(counts));
                        return;
                    }
                }
            }
            // The sender went away without a commit: dropping the recorder
            // rolls the run back.
        });
        let run_id = match from.recv() {
            Ok(Ok(run_id)) => run_id,
            Ok(Err(e)) => return Err(e.into()),
            Err(_) => return Err(Error::Internal("the ledger's recording thread stopped".into())),
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
