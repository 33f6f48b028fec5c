-- When a member leaves a project, the foreign key project_tasks_assignee_fkey unassigns their tasks
-- (on delete set null). That change is made by PostgreSQL's referential action, not by a slice, so no
-- slice could record it: this trigger does, with no actor, and bumps the task's version so that its
-- ETag changes (a cached copy must not be confirmed by a 304 after the task changed).
--
-- A referential action runs its UPDATE from inside a trigger, so pg_trigger_depth() > 0 tells it apart
-- from the slices' own updates (depth 0), which write their history themselves.

create function project_tasks_record_unassignment() returns trigger
language plpgsql as $$
begin
    new.version := old.version + 1;
    -- When the account itself or the whole project is being deleted, there is nobody to tell and the
    -- history row could not refer to them: only a member leaving a project that stays is recorded.
    if exists (select 1 from users where id = old.assignee_id)
       and exists (select 1 from spaces where id = old.project_id) then
        insert into project_task_history (project_id, task_id, actor_id, field, from_assignee_id, to_assignee_id)
        values (old.project_id, old.id, null, 'assignee', old.assignee_id, null);
    end if;
    return new;
end;
$$;

create trigger project_tasks_unassigned_by_leave
    before update of assignee_id on project_tasks
    for each row
    when (old.assignee_id is not null and new.assignee_id is null and pg_trigger_depth() > 0)
    execute function project_tasks_record_unassignment();
