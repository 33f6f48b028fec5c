-- Tracker (brief 004): tasks inside a project, with subtasks of any depth, a status workflow,
-- the history of status and assignee changes, and comments. Rights come from the permission engine
-- (codes tasks.*; default groups lead/developer/tester made by create_space).

create table project_tasks (
    id          bigint generated always as identity primary key,
    project_id  bigint      not null references spaces (id) on delete cascade,
    parent_id   bigint,
    title       text        not null,
    description text,
    status      text        not null default 'open',
    assignee_id bigint,
    created_by  bigint      references users (id) on delete set null,
    version     integer     not null default 1,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    constraint project_tasks_status check (status in ('open', 'in_progress', 'review', 'done', 'paused', 'canceled')),
    constraint project_tasks_title_length check (length(btrim(title)) between 1 and 300),
    constraint project_tasks_description_length check (description is null or length(description) <= 20000),
    constraint project_tasks_version_positive check (version >= 1),
    -- A parent is always an older row (ids only grow and parent_id never changes), so the tree has no cycles.
    constraint project_tasks_parent_older check (parent_id is null or parent_id < id),
    -- target of the composite foreign keys below: a task is only ever referenced inside its own project
    constraint project_tasks_project_id_id unique (project_id, id),
    -- a subtask lives in its parent's project; deleting a task removes its whole subtree
    constraint project_tasks_parent_fkey foreign key (project_id, parent_id)
        references project_tasks (project_id, id) on delete cascade,
    -- the assignee is a member of the project; when they leave, their tasks become unassigned
    constraint project_tasks_assignee_fkey foreign key (project_id, assignee_id)
        references memberships (space_id, user_id) on delete set null (assignee_id)
);

comment on table project_tasks is
    'Tasks of a project (spaces.kind = ''project'', checked by the slices through the permission engine). '
    'version grows by one on every change and is the task''s ETag.';
comment on column project_tasks.parent_id is 'Null for a top-level task. Fixed at creation.';

create index project_tasks_parent on project_tasks (project_id, parent_id, id);
create index project_tasks_assignee on project_tasks (project_id, assignee_id, id) where assignee_id is not null;
create index project_tasks_status on project_tasks (project_id, status, id);
create index project_tasks_created_by on project_tasks (created_by);

create trigger project_tasks_set_updated_at before update on project_tasks
    for each row execute function set_updated_at();

-- Status and assignee changes, written by the slices in the transaction of the change.
-- The row made at creation has from_* null.
create table project_task_history (
    id               bigint generated always as identity primary key,
    project_id       bigint      not null,
    task_id          bigint      not null,
    actor_id         bigint      references users (id) on delete set null,
    field            text        not null,
    from_status      text,
    to_status        text,
    from_assignee_id bigint      references users (id) on delete set null,
    to_assignee_id   bigint      references users (id) on delete set null,
    created_at       timestamptz not null default now(),
    constraint project_task_history_task_fkey foreign key (project_id, task_id)
        references project_tasks (project_id, id) on delete cascade,
    constraint project_task_history_field check (
        (field = 'status' and to_status is not null and from_assignee_id is null and to_assignee_id is null)
        or (field = 'assignee' and from_status is null and to_status is null)),
    constraint project_task_history_statuses check (
        (from_status is null or from_status in ('open', 'in_progress', 'review', 'done', 'paused', 'canceled'))
        and (to_status is null or to_status in ('open', 'in_progress', 'review', 'done', 'paused', 'canceled')))
);

create index project_task_history_task on project_task_history (project_id, task_id, id);
create index project_task_history_actor on project_task_history (actor_id);
create index project_task_history_from_assignee on project_task_history (from_assignee_id);
create index project_task_history_to_assignee on project_task_history (to_assignee_id);

create table project_task_comments (
    id         bigint generated always as identity primary key,
    project_id bigint      not null,
    task_id    bigint      not null,
    author_id  bigint      references users (id) on delete set null,
    body       text        not null,
    created_at timestamptz not null default now(),
    constraint project_task_comments_task_fkey foreign key (project_id, task_id)
        references project_tasks (project_id, id) on delete cascade,
    constraint project_task_comments_body_length check (length(btrim(body)) between 1 and 10000)
);

create index project_task_comments_task on project_task_comments (project_id, task_id, id);
create index project_task_comments_author on project_task_comments (author_id);
