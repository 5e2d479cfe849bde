DROP TABLE ProgressReport;
DROP TABLE User;
