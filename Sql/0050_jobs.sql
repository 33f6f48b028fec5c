-- Jobs: a transactional outbox. A row is written in the same transaction as the change that causes it,
-- so a job exists exactly when its cause does; the worker inside the service claims due rows with
-- FOR UPDATE SKIP LOCKED (any number of workers) and runs them at least once.
--
-- A claimed row stays 'pending' with run_at pushed one lease ahead: a worker that dies mid-job leaves it
-- due again when the lease runs out, and nothing else needs repairing.

create table jobs (
    id          bigint generated always as identity primary key,
    kind        text        not null,
    payload     jsonb       not null,
    status      text        not null default 'pending',
    attempts    integer     not null default 0,
    run_at      timestamptz not null default now(),
    claimed_by  text,
    claimed_at  timestamptz,
    last_error  text,
    created_at  timestamptz not null default now(),
    finished_at timestamptz,
    constraint jobs_status check (status in ('pending', 'done', 'parked')),
    constraint jobs_kind_shape check (kind ~ '^[a-z][a-z0-9_.]{0,63}$'),
    constraint jobs_attempts_positive check (attempts >= 0),
    constraint jobs_finished check ((status = 'pending') = (finished_at is null))
);

comment on table jobs is 'Outbox of work done after commit (mail). pending: due at run_at (a claimed row has run_at one lease ahead); done: finished, payload emptied; parked: failed Jobs:MaxAttempts times, waits for staff to retry it.';
comment on column jobs.payload is 'What the handler of the kind needs. Emptied when the job is done, so a sent message (and any code in it) is not kept.';
comment on column jobs.claimed_by is 'The worker that last claimed the row (host and process), for operators.';

-- The worker's claim: due pending rows in order.
create index jobs_due on jobs (run_at, id) where status = 'pending';
-- Staff list parked rows; the clean-up deletes old done rows.
create index jobs_parked on jobs (id) where status = 'parked';
create index jobs_done_at on jobs (finished_at) where status = 'done';

-- Wakes the workers listening on the channel 'atrium_jobs' when the inserting transaction commits
-- (one notification per statement; PostgreSQL folds identical ones in a transaction).
create function jobs_notify() returns trigger
language plpgsql as $$
begin
    perform pg_notify('atrium_jobs', '');
    return null;
end;
$$;

create trigger jobs_notify_on_insert after insert on jobs
    for each statement execute function jobs_notify();

-- A retried row is due again at once: wake the workers too.
create trigger jobs_notify_on_retry after update of status on jobs
    for each row when (old.status <> 'pending' and new.status = 'pending') execute function jobs_notify();
