"""External services behind typed Protocols, configured from the environment, each with a
fake for tests, all reached through one registry (`registry.services()`) that tests
override: an OpenAI-compatible LLM (`llm`), Slack (`slack`), Google Sheets (`sheets`),
Have I Been Pwned's Pwned Passwords (`pwned`), Turnstile/hCaptcha siteverify (`captcha`).
Every call goes through `http.ExternalHTTP`: timeouts, `foundation.base.retry`, metrics."""
