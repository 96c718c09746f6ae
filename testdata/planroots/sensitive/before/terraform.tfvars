db_password = "old-pa55word"
