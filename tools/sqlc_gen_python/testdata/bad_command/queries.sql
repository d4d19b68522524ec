-- name: UserDeleteMany :batchexec
DELETE FROM users WHERE id = $1;
