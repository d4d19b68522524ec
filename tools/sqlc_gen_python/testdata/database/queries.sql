-- name: UserFetch :one
-- Fetch one user by email address.
SELECT * FROM users WHERE email = $1;

-- name: UserList :many
SELECT * FROM users ORDER BY id;

-- name: UserCreate :one
INSERT INTO users (id, email, display_name, storytime)
VALUES (@id, @email, sqlc.narg(display_name), @storytime)
RETURNING *;

-- name: UserEmails :many
SELECT email FROM users ORDER BY email;

-- name: UserCount :one
SELECT count(*) FROM users;

-- name: UserPartial :one
SELECT id, email FROM users WHERE id = $1;

-- name: UserDelete :exec
DELETE FROM users WHERE id = $1;

-- name: UserRename :execrows
UPDATE users SET display_name = sqlc.narg(display_name) WHERE id = ANY(@ids::text[]);

-- name: UserSearch :many
SELECT id, email, display_name
FROM users
WHERE (sqlc.narg(email)::text IS NULL OR email = sqlc.narg(email))
  AND email LIKE 'a\_%'
ORDER BY id
LIMIT @max_rows;

-- name: UserByEitherEmail :many
SELECT * FROM users WHERE email = $1 OR email = $2;

-- name: UserIdsAndStorytime :many
SELECT id, storytime FROM users WHERE storytime @> $1::jsonb;

-- name: TypeZooFetch :one
SELECT * FROM type_zoo WHERE id = $1;

-- name: TypeZooInsert :copyfrom
INSERT INTO type_zoo (
    t_text, t_varchar, t_bpchar, t_citext, t_bool, t_int2, t_int4, t_int8, t_serial, t_numeric,
    t_float4, t_float8, t_timestamptz, t_timestamp, t_date, t_time, t_interval, t_uuid, t_json,
    t_jsonb, t_bytea, t_text_array, t_int8_matrix, t_jsonb_nullable, t_nullable_text
) VALUES (
    $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
    $21, $22, $23, $24, $25
);

-- name: TypeZooLiterals :one
SELECT
    $1::numeric AS amount,
    $2::uuid AS token,
    now() AS fetched_at,
    $3::date[] AS days,
    $4::bytea AS blob;

-- name: CategoryList :many
SELECT * FROM categories;

-- name: AddressList :many
SELECT * FROM addresses;

-- name: ActiveUserList :many
SELECT * FROM active_users;
