//! Recording a run's requests in the ledger while the outputs are written.
//!
//! SQLite inserts one request in a few microseconds, which for a million
//! upload lines is seconds of work. Done on the thread that writes the
//! outputs, that work would add to the run's time; on a thread of its own
//! ([`record_on_a_thread`]) it overlaps with reading and checking the rows.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use crate::error::Error;
use crate::ledger::{Ledger, LedgerError, NewRun, PreparedRequest, RunCounts, RunRecorder, UnwrittenRequest};
use crate::writer::publish::OutDirError;

/// Where the second read hands each request that goes into an upload.
pub trait RequestSink {
    /// The run's number in the ledger (for the report).
    fn run_id(&self) -> i64;
    /// Records one request (still uncommitted).
    fn add(&mut self, request: PreparedRequest) -> Result<(), Error>;
    /// Once every request is added: decides what publishing the run will
    /// release (the replaced folder's prepared requests it does not write
    /// again, `--discard-unsubmitted`) and returns how many, so that the
    /// reports can say it; refuses the run when they may not be released.
    fn settle(&mut self) -> Result<usize, Error> {
        Ok(0)
    }
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
    Settle(Replaced),
    Commit(RunCounts),
}

/// The folder a run replaces (`--replace`): the runs whose outputs it held,
/// and whether their prepared requests that the run does not write again
/// may be released (`--discard-unsubmitted`).
#[derive(Debug, Clone, Default)]
pub struct Replaced {
    /// The folder (for the refusal's message).
    pub dir: std::path::PathBuf,
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
    /// How many requests publishing the run releases, or the ones it would
    /// throw away (refused: the run is rolled back).
    Settled(Result<usize, Vec<UnwrittenRequest>>),
    Committed(i64),
}

/// The calling thread's end of [`record_on_a_thread`].
pub struct RecorderThread {
    to: Option<SyncSender<ToRecorder>>,
    /// The run's number first, then the commit's result, or the first error.
    from: Receiver<Result<Reply, LedgerError>>,
    run_id: i64,
    pending: Vec<PreparedRequest>,
    /// The folder the run replaces, until [`RecorderThread::settle`].
    replaced: Option<Replaced>,
    /// What [`RecorderThread::settle`] decided: the releases.
    releases: Option<usize>,
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

    /// Settles the run ([`RequestSink::settle`]) if it was not, then
    /// commits it as pending (every request added so far), unless it
    /// replaces a folder whose prepared requests it would throw away.
    pub fn commit(&mut self, counts: RunCounts) -> Result<Committed, Error> {
        if self.releases.is_none() {
            match self.settle_run()? {
                Ok(releases) => self.releases = Some(releases),
                Err(unwritten) => return Ok(Committed::Refused(unwritten)),
            }
        }
        self.send(ToRecorder::Commit(counts))?;
        self.to = None;
        match self.from.recv() {
            Ok(Ok(Reply::Committed(run))) => Ok(Committed::Pending {
                run,
                releases: self.releases.unwrap_or(0),
            }),
            Ok(Err(e)) => Err(e.into()),
            _ => Err(Error::Internal("the ledger's recording thread stopped".into())),
        }
    }

    /// Flushes, then has the recording transaction decide the releases.
    fn settle_run(&mut self) -> Result<Result<usize, Vec<UnwrittenRequest>>, Error> {
        self.flush()?;
        let replaced = self.replaced.take().unwrap_or_default();
        self.send(ToRecorder::Settle(replaced))?;
        match self.from.recv() {
            Ok(Ok(Reply::Settled(settled))) => {
                if settled.is_err() {
                    // Refused: the thread rolled the run back and stopped.
                    self.to = None;
                }
                Ok(settled)
            }
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

    fn settle(&mut self) -> Result<usize, Error> {
        if let Some(releases) = self.releases {
            return Ok(releases);
        }
        let dir = self.replaced.as_ref().map(|r| r.dir.clone()).unwrap_or_default();
        match self.settle_run()? {
            Ok(releases) => {
                self.releases = Some(releases);
                Ok(releases)
            }
            Err(unwritten) => Err(OutDirError::unsubmitted(dir, &unwritten).into()),
        }
    }
}

/// Begins recording `run` in `ledger` on a thread of its own and runs
/// `body` with the sending end. What `body` does not commit
/// ([`RecorderThread::commit`]) is rolled back when it returns. `replaced`:
/// the folder the run replaces, if any (see [`RequestSink::settle`]).
pub fn record_on_a_thread<T>(
    ledger: &mut Ledger,
    run: &NewRun,
    replaced: Replaced,
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
                    ToRecorder::Settle(replaced) => match settle(&mut recorder, &replaced) {
                        Ok(Ok(releases)) => {
                            if reply.send(Ok(Reply::Settled(Ok(releases)))).is_err() {
                                return;
                            }
                        }
                        other => {
                            // Refused or failed: dropping the recorder rolls
                            // the run back.
                            let _ = reply.send(other.map(Reply::Settled));
                            return;
                        }
                    },
                    ToRecorder::Commit(counts) => {
                        let _ = reply.send(recorder.commit(counts).map(Reply::Committed));
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
            replaced: Some(replaced),
            releases: None,
        };
        let result = body(&mut handle);
        drop(handle);
        if let Err(panic) = worker.join() {
            std::panic::resume_unwind(panic);
        }
        Ok(result)
    })
}

/// Decides what publishing the run releases: the replaced folder's prepared
/// requests that it does not write again, recorded with the run (they
/// become `released` when it is marked published); or refuses, when they
/// may not be released, with those requests.
fn settle(
    recorder: &mut RunRecorder<'_>,
    replaced: &Replaced,
) -> Result<Result<usize, Vec<UnwrittenRequest>>, LedgerError> {
    let unwritten = if replaced.runs.is_empty() {
        Vec::new()
    } else {
        recorder.unwritten(&replaced.runs)?
    };
    if !unwritten.is_empty() && !replaced.discard {
        return Ok(Err(unwritten));
    }
    recorder.release_when_published(&unwritten)?;
    Ok(Ok(unwritten.len()))
}
