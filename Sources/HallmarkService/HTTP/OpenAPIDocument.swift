/// The API's OpenAPI 3.1 description, served at `/openapi.json`.
enum OpenAPIDocument {
    /// Every error code, quoted, from the one list there is.
    private static let codes = ServiceError.Code.allCases.map { "\"" + $0.rawValue + "\"" }.joined(separator: ", ")

    static let json = #"""
        {
          "openapi": "3.1.0",
          "info": {"title": "Hallmark feedback service", "version": "1.0.0",
            "description": "Publishers publish validation runs; data users file feedback against tickets, findings, columns or datasets. Errors are {\"error\": {\"code\", \"message\"}} with stable codes. Reads carry ETags. Lists take page and perPage (at most 100)."},
          "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer", "description": "hmk_ tokens from `hallmark serve tokens create`"}},
            "parameters": {
              "dataset": {"name": "dataset", "in": "path", "required": true, "schema": {"type": "string"}},
              "ticket": {"name": "ticket", "in": "path", "required": true, "schema": {"type": "string"}},
              "feedback": {"name": "feedback", "in": "path", "required": true, "schema": {"type": "integer"}},
              "page": {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
              "perPage": {"name": "perPage", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}}
            },
            "schemas": {
              "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {"code": {"type": "string", "enum": [\#(codes)]}, "message": {"type": "string"}}}}},
              "Target": {"type": "object", "required": ["type"], "properties": {"type": {"enum": ["ticket", "finding", "column", "dataset"]}, "ticket": {"type": "string"}, "finding": {"type": "string"}, "column": {"type": "string"}}},
              "FeedbackSubmission": {"type": "object", "required": ["target", "kind"], "properties": {"target": {"$ref": "#/components/schemas/Target"}, "kind": {"enum": ["problem", "question", "correction", "plus-one"]}, "body": {"type": "string", "maxLength": 5000}, "oldValue": {"type": "string"}, "newValue": {"type": "string"}, "email": {"type": "string"}}},
              "Feedback": {"type": "object", "properties": {"id": {"type": "integer"}, "datasetID": {"type": "string"}, "target": {"$ref": "#/components/schemas/Target"}, "kind": {"enum": ["problem", "question", "correction", "plus-one", "reply"]}, "body": {"type": "string"}, "oldValue": {"type": "string"}, "newValue": {"type": "string"}, "organisation": {"type": "string"}, "wantsReplies": {"type": "boolean"}, "moderation": {"enum": ["not-checked", "held", "cleared", "removed"]}, "spamScore": {"type": "integer"}, "mergedInto": {"type": "integer"}, "inReplyTo": {"type": "integer"}, "createdAt": {"type": "string", "format": "date-time"}}},
              "Ticket": {"type": "object", "properties": {"id": {"type": "string"}, "datasetID": {"type": "string"}, "ruleID": {"type": "string"}, "standardID": {"type": "string"}, "severity": {"enum": ["error", "warning", "info"]}, "field": {"type": "string"}, "message": {"type": "string"}, "help": {"type": "string"}, "status": {"enum": ["open", "acknowledged", "fixed", "wont-fix", "expected"]}, "statusReason": {"type": "string"}, "firstSeenRun": {"type": "integer"}, "lastSeenRun": {"type": "integer"}, "firstSeenAt": {"type": "string", "format": "date-time"}, "lastSeenAt": {"type": "string", "format": "date-time"}, "count": {"type": "integer"}}},
              "Run": {"type": "object", "properties": {"id": {"type": "integer"}, "datasetID": {"type": "string"}, "publishedAt": {"type": "string", "format": "date-time"}, "standardID": {"type": "string"}, "standardVersion": {"type": "string"}, "inputSHA256": {"type": "string"}, "rows": {"type": "integer"}, "errors": {"type": "integer"}, "warnings": {"type": "integer"}, "infos": {"type": "integer"}, "isValid": {"type": "boolean"}, "stoppedEarly": {"type": "boolean"}}}
            },
            "responses": {"Error": {"description": "An error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}
          },
          "paths": {
            "/api/v1/datasets": {"get": {"summary": "Every dataset with its latest run, tickets by status and response figures", "responses": {"200": {"description": "Datasets"}}}},
            "/api/v1/datasets/{dataset}": {"get": {"summary": "One dataset's overview", "parameters": [{"$ref": "#/components/parameters/dataset"}], "responses": {"200": {"description": "The overview"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/datasets/{dataset}/runs": {
              "get": {"summary": "Runs, newest first", "parameters": [{"$ref": "#/components/parameters/dataset"}, {"$ref": "#/components/parameters/page"}, {"$ref": "#/components/parameters/perPage"}], "responses": {"200": {"description": "A page of runs"}}},
              "post": {"summary": "Publish a run: the body is a Hallmark JSON report", "security": [{"token": []}], "parameters": [{"$ref": "#/components/parameters/dataset"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object"}}}}, "responses": {"201": {"description": "Tickets opened, reopened, seen and fixed"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}
            },
            "/api/v1/datasets/{dataset}/runs/{run}/report": {"get": {"summary": "A run's report as published", "parameters": [{"$ref": "#/components/parameters/dataset"}, {"name": "run", "in": "path", "required": true, "schema": {"type": "integer"}}], "responses": {"200": {"description": "The report"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/datasets/{dataset}/tickets": {"get": {"summary": "Tickets, worst first", "parameters": [{"$ref": "#/components/parameters/dataset"}, {"name": "status", "in": "query", "description": "Comma-separated statuses", "schema": {"type": "string"}}, {"$ref": "#/components/parameters/page"}, {"$ref": "#/components/parameters/perPage"}], "responses": {"200": {"description": "A page of tickets"}}}},
            "/api/v1/datasets/{dataset}/tickets/{ticket}": {"get": {"summary": "A ticket with history, counts per run, examples and feedback", "parameters": [{"$ref": "#/components/parameters/dataset"}, {"$ref": "#/components/parameters/ticket"}], "responses": {"200": {"description": "The ticket"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/datasets/{dataset}/tickets/{ticket}/status": {"post": {"summary": "Set a ticket's status (reason required for wont-fix and expected)", "security": [{"token": []}], "parameters": [{"$ref": "#/components/parameters/dataset"}, {"$ref": "#/components/parameters/ticket"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "properties": {"status": {"enum": ["open", "acknowledged", "fixed", "wont-fix", "expected"]}, "reason": {"type": "string"}}}}}}, "responses": {"200": {"description": "The ticket"}}}},
            "/api/v1/datasets/{dataset}/feedback": {
              "get": {"summary": "Feedback shown (hidden=true with a moderating token: all)", "parameters": [{"$ref": "#/components/parameters/dataset"}, {"name": "hidden", "in": "query", "schema": {"type": "boolean"}}, {"$ref": "#/components/parameters/page"}, {"$ref": "#/components/parameters/perPage"}], "responses": {"200": {"description": "A page of feedback"}}},
              "post": {"summary": "File feedback; no account needed", "parameters": [{"$ref": "#/components/parameters/dataset"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FeedbackSubmission"}}}}, "responses": {"201": {"description": "Filed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Feedback"}}}}, "400": {"$ref": "#/components/responses/Error"}, "429": {"$ref": "#/components/responses/Error"}}}
            },
            "/api/v1/datasets/{dataset}/notifications": {"get": {"summary": "Notifications for the publisher (held ones wait for moderation)", "security": [{"token": []}], "parameters": [{"$ref": "#/components/parameters/dataset"}], "responses": {"200": {"description": "Notifications"}}}},
            "/api/v1/datasets/{dataset}/notifications/{notification}/sent": {"post": {"summary": "Mark a pending notification delivered", "security": [{"token": []}], "parameters": [{"$ref": "#/components/parameters/dataset"}, {"name": "notification", "in": "path", "required": true, "schema": {"type": "integer"}}], "responses": {"204": {"description": "Marked"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/feedback/{feedback}/replies": {"post": {"summary": "Reply as the publishing organisation", "security": [{"token": []}], "parameters": [{"$ref": "#/components/parameters/feedback"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["body"], "properties": {"body": {"type": "string"}}}}}}, "responses": {"201": {"description": "The reply"}}}},
            "/api/v1/feedback/{feedback}/merge": {"post": {"summary": "Merge a duplicate into another item", "security": [{"token": []}], "parameters": [{"$ref": "#/components/parameters/feedback"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["into"], "properties": {"into": {"type": "integer"}}}}}}, "responses": {"200": {"description": "The merged item"}, "409": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/feedback/{feedback}/moderation": {"post": {"summary": "Clear or remove an item", "security": [{"token": []}], "parameters": [{"$ref": "#/components/parameters/feedback"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["state"], "properties": {"state": {"enum": ["cleared", "removed"]}}}}}}, "responses": {"200": {"description": "The item"}}}}
          }
        }
        """#
}
