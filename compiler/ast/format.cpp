// placeholder: the canonical formatter lands here
