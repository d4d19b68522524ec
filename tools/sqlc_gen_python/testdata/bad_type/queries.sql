-- name: UserLocation :one
SELECT id, '(1,2)'::point AS location FROM users WHERE id = $1;
