CREATE TABLE reports (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), week_start TEXT);
