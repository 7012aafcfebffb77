//! Parallel work with results handed on in input order as soon as they are ready, holding at
//! most a window of finished results: a run over 70,000 files keeps a few documents in memory,
//! not all of them, and its output is the same whatever the thread count.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// Results a worker may run ahead of the oldest one not yet handed on, per thread.
const AHEAD_PER_THREAD: usize = 8;

/// Runs `work` on every item on the pool's threads and calls `sink` on the calling thread
/// with each result, in the order of `items`. A panic in `work` stops the other workers and
/// is raised again on the calling thread (callers that want to go on catch it inside `work`).
pub fn for_each<T: Sync, R: Send>(
    pool: &rayon::ThreadPool,
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R),
) {
    let threads = pool.current_num_threads().max(1);
    let window = threads * AHEAD_PER_THREAD;
    let next = AtomicUsize::new(0);
    // how many results the sink has taken, and a signal when it takes one
    let taken = (Mutex::new(0usize), Condvar::new());
    // set when a worker panicked: the others stop instead of waiting for a result that will
    // never come
    let abort = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<(usize, std::thread::Result<R>)>();
    let (next, taken, work, abort) = (&next, &taken, &work, &abort);
    pool.in_place_scope(|scope| {
        for _ in 0..threads.min(items.len()) {
            let tx = tx.clone();
            scope.spawn(move |_| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= items.len() {
                    break;
                }
                {
                    let mut t = taken.0.lock().unwrap_or_else(|p| p.into_inner());
                    while i >= *t + window && !abort.load(Ordering::SeqCst) {
                        t = taken.1.wait(t).unwrap_or_else(|p| p.into_inner());
                    }
                }
                if abort.load(Ordering::SeqCst) {
                    break;
                }
                let result = catch_unwind(AssertUnwindSafe(|| work(&items[i])));
                if tx.send((i, result)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut want = 0;
        for (i, r) in rx {
            let r = match r {
                Ok(r) => r,
                Err(panic) => {
                    abort.store(true, Ordering::SeqCst);
                    let _guard = taken.0.lock().unwrap_or_else(|p| p.into_inner());
                    taken.1.notify_all();
                    resume_unwind(panic);
                }
            };
            pending.insert(i, r);
            while let Some(r) = pending.remove(&want) {
                sink(r);
                want += 1;
                *taken.0.lock().unwrap_or_else(|p| p.into_inner()) = want;
                taken.1.notify_all();
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_whatever_the_timing() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let items: Vec<u64> = (0..500).collect();
        let mut seen = Vec::new();
        for_each(
            &pool,
            &items,
            |&i| {
                // later items finish first now and then
                if i % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_micros(200));
                }
                i * 2
            },
            |r| seen.push(r),
        );
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn workers_never_run_further_ahead_than_the_window() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let items: Vec<usize> = (0..200).collect();
        let started = AtomicUsize::new(0);
        let mut max_ahead = 0;
        let mut handed = 0;
        for_each(
            &pool,
            &items,
            |&i| {
                started.fetch_max(i + 1, Ordering::SeqCst);
                i
            },
            |_| {
                handed += 1;
                std::thread::sleep(std::time::Duration::from_micros(50));
                max_ahead = max_ahead.max(started.load(Ordering::SeqCst) - handed);
            },
        );
        assert_eq!(handed, 200);
        assert!(max_ahead <= 2 * AHEAD_PER_THREAD + 2, "{max_ahead}");
    }

    #[test]
    fn a_panicking_worker_stops_the_run_instead_of_hanging_it() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let items: Vec<usize> = (0..1000).collect();
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
            for_each(
                &pool,
                &items,
                |&i| {
                    assert!(i != 3, "boom at 3");
                    i
                },
                |_| std::thread::sleep(std::time::Duration::from_micros(10)),
            )
        }));
        let panic = outcome.unwrap_err();
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        assert!(message.contains("boom at 3"), "{message}");
    }

    #[test]
    fn no_items_no_calls() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let mut calls = 0;
        for_each(&pool, &[] as &[u8], |_| (), |_| calls += 1);
        assert_eq!(calls, 0);
    }
}
