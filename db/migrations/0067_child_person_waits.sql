-- A child run's end queues its parent again, and hands up the time the child spent waiting for a
-- person (its approvals and questions, its own children's included): a parent's clock, like the
-- child's, does not run while a person decides, so a slow approval deep in the tree does not stop
-- the parent for time the moment it resumes.
CREATE OR REPLACE FUNCTION runs_child_ended() RETURNS trigger AS $$
BEGIN
  UPDATE runs SET status = 'queued', approval_wait_ms = approval_wait_ms + NEW.approval_wait_ms
    WHERE id = NEW.parent_run_id AND status = 'waiting_child';
  IF FOUND THEN
    PERFORM pg_notify('flightdeck_runs', NEW.parent_run_id::text);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
