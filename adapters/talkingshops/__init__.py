"""talkingshops adapter and sandbox."""
