CREATE TABLE reservations (
  id bigint PRIMARY KEY,
  room_id bigint NOT NULL,
  during tstzrange NOT NULL
);
