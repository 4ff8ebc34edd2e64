-- Identity on request: a coordinator's openings of hidden reporters' identities are history
-- entries (action 'identity'); the alert counts one coordinator's openings of a day.
CREATE INDEX report_history_identity ON report_history (actor, at) WHERE action = 'identity';
