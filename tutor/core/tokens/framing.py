"""The chat framing every request pays besides its text (kept import-light for the CLI)."""

# Chat overhead, from OpenAI's cookbook "How to count tokens with tiktoken"; it matches the
# API's usage.prompt_tokens for gpt-4o, gpt-4o-mini, gpt-4 and gpt-3.5-turbo. Each message is
# framed as <|start|>{role}<|message|>{content}<|end|>: three framing tokens plus the role.
FRAMING_TOKENS = 3  # <|start|>, <|message|>, <|end|> around every message
ROLE_TOKENS = 1  # system, user, assistant, developer, tool: one token each in cl100k and o200k
MESSAGE_OVERHEAD = FRAMING_TOKENS + ROLE_TOKENS  # what a message costs besides its content
NAME_OVERHEAD = 1  # added when a message carries a ``name`` (whose text is counted as content)
REPLY_PRIMING = 3  # <|start|>assistant<|message|> opens every reply
