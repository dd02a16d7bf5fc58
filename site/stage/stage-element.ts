// Placeholder: the stage's behaviour is being written.
export {};
